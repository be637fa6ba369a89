package demo

import frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"

// The demo tenant's categories, each with a description and a few
// examples (what an admin would type on the Categories screen), its macros
// and its priority rules.

type category struct {
	name, description string
	examples          []string
}

var categories = []category{
	{"Orders & shipping", "Where an order is, delivery times, tracking, wrong or missing items in the box.", []string{
		"My tracking number has not updated for days",
		"When will my bike be delivered?",
		"The box arrived without the pedals",
		"I received the wrong colour",
	}},
	{"Returns & refunds", "Sending something back, return labels, refunds and exchanges.", []string{
		"I want to return my helmet, how do I get a label?",
		"When will I get my refund?",
		"Can I exchange the frame for a bigger size?",
	}},
	{"Warranty & repairs", "Faults, noises and broken parts that may be covered by the warranty; repair appointments.", []string{
		"There is a creaking noise from the bottom bracket",
		"My frame has a crack near the weld",
		"The brakes squeal after riding in the rain",
	}},
	{"E-bikes & batteries", "Electric bikes: battery, charger, motor, display and range.", []string{
		"The battery light is blinking red",
		"The motor cuts out when I ride uphill",
		"How long does the battery take to charge?",
	}},
	{"Sizing & presales", "Questions before buying: which size or model, availability, test rides.", []string{
		"Which frame size should I get at 1.78 m?",
		"Is the Trail 29 in stock in medium?",
		"Do you ship to Iceland?",
	}},
	{"Payments & invoices", "Payment methods, instalments, invoices, VAT numbers and charges.", []string{
		"Can I pay in instalments?",
		"I need an invoice with my company VAT number",
		"I was charged twice for my order",
	}},
	{"Account", "Signing in, passwords, email address and account details.", []string{
		"I forgot my password",
		"How do I change the email address on my account?",
	}},
}

type macro struct {
	title, category, body string
	tags                  []string
}

var macros = []macro{
	{"Tracking: carrier delay", "Orders & shipping", `Hi {{customer.first_name}},

Thanks for your patience. Tracking sometimes pauses while a parcel changes carriers; it usually moves again within two working days. I have asked the carrier to check on ticket #{{ticket.number}} and will update you as soon as I hear back.

{{agent.first_name}}, {{company.name}}`, []string{"shipping"}},
	{"Return label", "Returns & refunds", `Hi {{customer.first_name}},

I have sent a prepaid return label to {{customer.email}}. Pack the item in its original box if you still have it, and drop it at any parcel point within 30 days. Your refund follows within 5 working days of the return reaching us.

{{agent.first_name}}, {{company.name}}`, []string{"returns"}},
	{"Warranty: photos please", "Warranty & repairs", `Hi {{customer.first_name}},

Sorry to hear about this. So that we can open a warranty claim, could you reply with two or three photos of the part and the frame number (under the bottom bracket)?

{{agent.first_name}}, {{company.name}}`, []string{"warranty"}},
	{"Battery reset", "E-bikes & batteries", `Hi {{customer.first_name}},

A blinking battery light usually clears with a reset: switch the bike off, take the battery out for a minute, put it back and charge it fully with the original charger. If it still blinks, tell us the colour and pattern and we will help further.

{{agent.first_name}}, {{company.name}}`, []string{"battery", "e-bike"}},
	{"Thanks and close", "", `Hi {{customer.first_name}},

Glad that is sorted. I will close this ticket now; just reply if anything else comes up.

{{agent.first_name}}, {{company.name}}`, nil},
}

var priorityRules = &frontlinev1.PriorityRules{
	KeywordRules: []*frontlinev1.KeywordRule{
		{Words: []string{"injury", "injured", "accident", "crash", "smoke", "fire", "burning smell"}, Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT},
		{Words: []string{"charged twice", "chargeback", "lawyer", "cancel my order"}, Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH},
	},
	TierRules:        []*frontlinev1.TierRule{{Tier: "business", Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH}},
	NegativeBelow:    -0.6,
	NegativePriority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH,
	// No SLA rule: the demo's tickets are days old, so every one of them
	// would be close to (or past) its target and jump to high.
}

// slaPolicies are the targets per priority, in business hours.
var slaPolicies = []*frontlinev1.SLAPolicy{
	{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT, FirstResponseMinutes: 60, ResolutionMinutes: 8 * 60, BusinessHours: true},
	{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH, FirstResponseMinutes: 4 * 60, ResolutionMinutes: 16 * 60, BusinessHours: true},
	{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_NORMAL, FirstResponseMinutes: 8 * 60, ResolutionMinutes: 40 * 60, BusinessHours: true},
	{Priority: frontlinev1.TicketPriority_TICKET_PRIORITY_LOW, FirstResponseMinutes: 16 * 60, ResolutionMinutes: 80 * 60, BusinessHours: true},
}

// businessHours: Monday to Friday 08:00-18:00 and Saturday morning in
// Berlin, closed on the Christmas and New Year holidays.
var businessHours = &frontlinev1.BusinessHours{
	TimeZone: "Europe/Berlin",
	Days: []*frontlinev1.OpeningHours{
		{Weekday: 1, Open: "08:00", Close: "18:00"}, {Weekday: 2, Open: "08:00", Close: "18:00"},
		{Weekday: 3, Open: "08:00", Close: "18:00"}, {Weekday: 4, Open: "08:00", Close: "18:00"},
		{Weekday: 5, Open: "08:00", Close: "18:00"}, {Weekday: 6, Open: "09:00", Close: "13:00"},
	},
	Holidays: []string{"2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01"},
}

// settings returns the demo settings with ids made by newID.
func settings(newID func() string) []*frontlinev1.Setting {
	var out []*frontlinev1.Setting
	for _, c := range categories {
		out = append(out, &frontlinev1.Setting{Id: newID(), Value: &frontlinev1.Setting_Category{Category: &frontlinev1.Category{
			Name: c.name, Description: c.description, Examples: c.examples}}})
	}
	for _, m := range macros {
		out = append(out, &frontlinev1.Setting{Id: newID(), Value: &frontlinev1.Setting_Macro{Macro: &frontlinev1.Macro{
			Title: m.title, Body: m.body, AddTags: m.tags, Category: m.category}}})
	}
	out = append(out, &frontlinev1.Setting{Id: newID(), Value: &frontlinev1.Setting_PriorityRules{PriorityRules: priorityRules}})
	for _, p := range slaPolicies {
		out = append(out, &frontlinev1.Setting{Id: newID(), Value: &frontlinev1.Setting_SlaPolicy{SlaPolicy: p}})
	}
	out = append(out, &frontlinev1.Setting{Id: newID(), Value: &frontlinev1.Setting_BusinessHours{BusinessHours: businessHours}})
	return out
}
