package analytics

import (
	"cmp"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	slaclock "github.com/frontlinedesk/frontline/internal/sla"
)

// Uncategorized is the category key of tickets triage gave no category.
const Uncategorized = "uncategorized"

// Target is the SLA of one priority; zero parts have no target.
type Target struct {
	FirstResponse time.Duration
	Resolution    time.Duration
	// BusinessHours counts the targets in Query.Calendar's open time.
	BusinessHours bool
}

// Query says what to compute. From and To bound ticket creation [From, To);
// From is normally a local midnight in Loc.
type Query struct {
	From, To time.Time
	Loc      *time.Location // day buckets; nil means UTC
	Now      time.Time      // backlog age and pending SLAs
	// Filters; zero values match every ticket.
	Channel    frontlinev1.Channel
	Category   string // a label, or Uncategorized
	AssigneeID string
	// SLA targets per priority; nil or empty leaves Dashboard.SLA nil.
	SLA map[frontlinev1.TicketPriority]Target
	// Calendar is the business-hours calendar of targets that count
	// business hours; nil counts every hour.
	Calendar *slaclock.Calendar
}

// MaxDays bounds the range of one query.
const MaxDays = 731

// Errors of Compute.
var (
	ErrRange = errors.New("analytics: the range must end after it starts and span at most two years")
)

// Dashboard is every figure of one query. See the package doc for what each means.
type Dashboard struct {
	Days          []Day
	Total         int // cohort size
	ByChannel     []Count
	ByCategory    []Count
	FirstResponse Durations
	Resolution    Durations
	SLA           *SLA
	Backlog       []Count // by age bucket, youngest first, empty buckets included
	BacklogTotal  int
	CSAT          CSAT
	Bot           Bot
	Handover      []Count
	Agents        []Agent
}

// Day is one local calendar day.
type Day struct {
	Date          string // 2006-01-02 in Query.Loc
	Created       int    // cohort tickets created this day
	Resolved      int    // matching tickets that reached RESOLVED/CLOSED this day
	SentimentN    int    // cohort tickets with a sentiment, created this day
	SentimentMean float64
}

// Count is a labelled count.
type Count struct {
	Key string
	N   int
}

// Durations summarises a set of durations.
type Durations struct {
	N      int
	Median time.Duration
	P90    time.Duration
}

// Attainment counts one SLA target.
type Attainment struct {
	Met, Breached, Pending int
	Rate                   float64 // Met/(Met+Breached); 0 when both are 0
}

// SLA is attainment of the first response and resolution targets.
type SLA struct {
	FirstResponse Attainment
	Resolution    Attainment
}

// CSAT is the customers' ratings.
type CSAT struct {
	Rated     int
	Satisfied int     // rated 4 or 5
	Share     float64 // Satisfied/Rated
	Average   float64
}

// Bot is how the widget bot did.
type Bot struct {
	Answered   int // cohort widget tickets the bot answered
	Resolved   int // of those, resolved without an agent message
	HandedOver int // of those, handed to a person
	Rate       float64
}

// Agent is one agent's load and performance.
type Agent struct {
	ID            string
	Open          int
	Replies       int
	Resolved      int
	FirstResponse Durations
}

// BacklogBuckets are the labels of Dashboard.Backlog, youngest first.
var BacklogBuckets = []string{"< 1 day", "1-3 days", "3-7 days", "7-30 days", "30+ days"}

var backlogEdges = []int64{86400, 3 * 86400, 7 * 86400, 30 * 86400}

// ChannelName is the lower-case name of a channel, as the desk shows it.
func ChannelName(c frontlinev1.Channel) string {
	switch c {
	case frontlinev1.Channel_CHANNEL_WIDGET:
		return "widget"
	case frontlinev1.Channel_CHANNEL_DESK:
		return "desk"
	case frontlinev1.Channel_CHANNEL_API:
		return "api"
	}
	return "other"
}

type agentAcc struct {
	open, replies, resolved int
	frt                     []int64
}

// Compute scans facts once for q.
func Compute(facts []Facts, q Query) (*Dashboard, error) {
	loc := q.Loc
	if loc == nil {
		loc = time.UTC
	}
	if !q.To.After(q.From) {
		return nil, ErrRange
	}
	// Day boundaries in loc: starts[i] is the first second of day i.
	first := q.From.In(loc)
	first = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc)
	var starts []int64
	d := &Dashboard{}
	for day := first; day.Before(q.To); day = day.AddDate(0, 0, 1) {
		if len(starts) == MaxDays {
			return nil, ErrRange
		}
		starts = append(starts, day.Unix())
		d.Days = append(d.Days, Day{Date: day.Format(time.DateOnly)})
	}
	from, to, now := q.From.Unix(), q.To.Unix(), q.Now.Unix()
	dayOf := func(t int64) int { // -1 outside the buckets
		if t < starts[0] || t >= to {
			return -1
		}
		return sort.Search(len(starts), func(i int) bool { return starts[i] > t }) - 1
	}

	channels := map[frontlinev1.Channel]int{}
	categories := map[string]int{}
	handover := map[string]int{}
	agents := map[string]*agentAcc{}
	agent := func(id string) *agentAcc {
		a := agents[id]
		if a == nil {
			a = &agentAcc{}
			agents[id] = a
		}
		return a
	}
	var frt, res []int64
	var sla SLA
	backlog := make([]int, len(BacklogBuckets))
	sentSum := make([]float64, len(d.Days))
	ratingSum := 0

	for i := range facts {
		f := &facts[i]
		if q.Channel != frontlinev1.Channel_CHANNEL_UNSPECIFIED && f.Channel != q.Channel {
			continue
		}
		if q.Category != "" {
			if c := f.Category; c != q.Category && !(c == "" && q.Category == Uncategorized) {
				continue
			}
		}
		if q.AssigneeID != "" && f.AssigneeID != q.AssigneeID {
			continue
		}
		// Current state: backlog and load.
		if Open(f.Status) {
			age := now - f.Created
			b := 0
			for b < len(backlogEdges) && age >= backlogEdges[b] {
				b++
			}
			backlog[b]++
			d.BacklogTotal++
			if f.AssigneeID != "" {
				agent(f.AssigneeID).open++
			}
		}
		// Activity in the range.
		if f.Resolved != 0 && f.Resolved >= from && f.Resolved < to {
			if i := dayOf(f.Resolved); i >= 0 {
				d.Days[i].Resolved++
			}
			if f.AssigneeID != "" {
				agent(f.AssigneeID).resolved++
			}
		}
		for _, r := range f.Replies {
			if r.At >= from && r.At < to && r.AgentID != "" {
				agent(r.AgentID).replies++
			}
		}
		// The cohort.
		if f.Created < from || f.Created >= to {
			continue
		}
		d.Total++
		if i := dayOf(f.Created); i >= 0 {
			d.Days[i].Created++
			if f.HasSentiment {
				d.Days[i].SentimentN++
				sentSum[i] += f.Sentiment
			}
		}
		channels[f.Channel]++
		categories[cmp.Or(f.Category, Uncategorized)]++
		if f.FirstReply != 0 {
			dt := f.FirstReply - f.Created
			frt = append(frt, dt)
			if f.FirstReplyBy != "" {
				a := agent(f.FirstReplyBy)
				a.frt = append(a.frt, dt)
			}
		}
		if f.Resolved != 0 {
			res = append(res, f.Resolved-f.Created)
		}
		if t, ok := q.SLA[f.Priority]; ok {
			var cal *slaclock.Calendar
			if t.BusinessHours {
				cal = q.Calendar
			}
			if t.FirstResponse > 0 && (f.FirstReply != 0 || f.Resolved == 0) {
				attain(&sla.FirstResponse, cal, f.Created, f.FirstReply, now, t.FirstResponse)
			}
			if t.Resolution > 0 {
				attain(&sla.Resolution, cal, f.Created, f.Resolved, now, t.Resolution)
			}
		}
		if f.Rating >= 1 && f.Rating <= 5 {
			d.CSAT.Rated++
			ratingSum += int(f.Rating)
			if f.Rating >= 4 {
				d.CSAT.Satisfied++
			}
		}
		if f.HandoverReason != "" {
			handover[f.HandoverReason]++
		}
		if f.Channel == frontlinev1.Channel_CHANNEL_WIDGET && f.BotAnswers {
			d.Bot.Answered++
			if f.Resolved != 0 && f.AgentMessages == 0 {
				d.Bot.Resolved++
			}
			if f.HandoverReason != "" {
				d.Bot.HandedOver++
			}
		}
	}

	for i := range d.Days {
		if n := d.Days[i].SentimentN; n > 0 {
			d.Days[i].SentimentMean = sentSum[i] / float64(n)
		}
	}
	for c, n := range channels {
		d.ByChannel = append(d.ByChannel, Count{ChannelName(c), n})
	}
	d.ByChannel = sortCounts(d.ByChannel)
	d.ByCategory = countsOf(categories)
	d.Handover = countsOf(handover)
	d.FirstResponse = summarise(frt)
	d.Resolution = summarise(res)
	if len(q.SLA) > 0 {
		rate(&sla.FirstResponse)
		rate(&sla.Resolution)
		d.SLA = &sla
	}
	for i, label := range BacklogBuckets {
		d.Backlog = append(d.Backlog, Count{label, backlog[i]})
	}
	if d.CSAT.Rated > 0 {
		d.CSAT.Share = float64(d.CSAT.Satisfied) / float64(d.CSAT.Rated)
		d.CSAT.Average = float64(ratingSum) / float64(d.CSAT.Rated)
	}
	if d.Bot.Answered > 0 {
		d.Bot.Rate = float64(d.Bot.Resolved) / float64(d.Bot.Answered)
	}
	for id, a := range agents {
		d.Agents = append(d.Agents, Agent{ID: id, Open: a.open, Replies: a.replies, Resolved: a.resolved, FirstResponse: summarise(a.frt)})
	}
	slices.SortFunc(d.Agents, func(a, b Agent) int { return strings.Compare(a.ID, b.ID) })
	return d, nil
}

// attain counts one target: due target after created, counted in cal's
// open time when cal is not nil (a calendar that never opens leaves the
// ticket pending).
func attain(a *Attainment, cal *slaclock.Calendar, created, done, now int64, target time.Duration) {
	limit := int64(target / time.Second)
	if cal != nil {
		due, ok := cal.Add(time.Unix(created, 0), target)
		if !ok {
			a.Pending++
			return
		}
		limit = due.Unix() - created
	}
	switch {
	case done != 0 && done-created <= limit:
		a.Met++
	case done != 0 || now-created > limit:
		a.Breached++
	default:
		a.Pending++
	}
}

func rate(a *Attainment) {
	if n := a.Met + a.Breached; n > 0 {
		a.Rate = float64(a.Met) / float64(n)
	}
}

func countsOf(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	return sortCounts(out)
}

// sortCounts orders by count, largest first, then by key.
func sortCounts(c []Count) []Count {
	slices.SortFunc(c, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Key, b.Key)) })
	return c
}

// summarise takes the nearest-rank median and 90th percentile (seconds in, durations out).
func summarise(s []int64) Durations {
	if len(s) == 0 {
		return Durations{}
	}
	slices.Sort(s)
	return Durations{N: len(s), Median: rank(s, 50), P90: rank(s, 90)}
}

// rank is the nearest-rank pct-th percentile of sorted s: the value at
// 1-based rank ceil(pct*n/100), in integers so no rounding creeps in.
func rank(s []int64, pct int) time.Duration {
	i := (pct*len(s)+99)/100 - 1
	i = max(0, min(i, len(s)-1))
	return time.Duration(s[i]) * time.Second
}
