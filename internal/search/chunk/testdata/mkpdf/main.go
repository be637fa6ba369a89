// Command mkpdf writes refunds.pdf, the small one-page PDF the chunk tests
// import: go run ./testdata/mkpdf testdata/refunds.pdf (from internal/search/chunk).
package main

import (
	"bytes"
	"fmt"
	"os"
)

func main() {
	content := "BT /F1 18 Tf 72 720 Td (Refund policy) Tj ET\nBT /F1 12 Tf 72 690 Td (Refunds are paid within 14 days of the return.) Tj ET\nBT /F1 12 Tf 72 670 Td (Contact support for damaged bikes.) Tj ET\n"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	os.WriteFile(os.Args[1], b.Bytes(), 0o644)
}
