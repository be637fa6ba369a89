package hybrid

// TunedAlpha is the lexical weight of MethodWeighted chosen on the tuning
// half of StackFAQ (queries of even-numbered threads) for BM25 fused with
// USE-lite cosine similarities.
const TunedAlpha = 0.45

// DefaultCalibration was fitted by logistic regression on the tuning half of
// StackFAQ for MethodWeighted at TunedAlpha (BM25 k1 4.5, b 0.75, title ×12,
// stemmed, plus USE-lite); on the held-out half its Brier score is 0.108, and
// a threshold of 0.583 answers 84% of queries at 88% precision. The
// StackFAQ evaluation refits and reports it on every run.
var DefaultCalibration = Calibration{Bias: -0.452, Margin: 3.638, LexMargin: 3.245, Agree: 1.307, VecTop: 0.417, TopInBoth: -0.125}

// LexicalCalibration is the same fit for BM25 alone (Brier 0.127 held out).
var LexicalCalibration = Calibration{Bias: -0.056, LexMargin: 6.261}
