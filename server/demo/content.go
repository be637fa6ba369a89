package demo

import (
	"time"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

type article struct {
	title, body string
	tags        []string
	draft       bool
}

// line is one message of a demo thread: who is "" for the customer or an
// agent's first name; after is the time since the previous message.
type line struct {
	who   string
	after time.Duration
	body  string
	note  bool
}

type ticket struct {
	subject, customer, email, product string
	channel                           frontlinev1.Channel
	priority                          frontlinev1.TicketPriority
	assignee                          string
	tags                              []string
	// status is set after the thread; unspecified keeps what the thread led to.
	status frontlinev1.TicketStatus
	thread []line
}

func cust(after time.Duration, body string) line { return line{after: after, body: body} }
func reply(who string, after time.Duration, body string) line {
	return line{who: who, after: after, body: body}
}
func note(who string, after time.Duration, body string) line {
	return line{who: who, after: after, body: body, note: true}
}

const (
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour

	pending  = frontlinev1.TicketStatus_TICKET_STATUS_PENDING
	handoff  = frontlinev1.TicketStatus_TICKET_STATUS_HANDOFF
	resolved = frontlinev1.TicketStatus_TICKET_STATUS_RESOLVED
	closed   = frontlinev1.TicketStatus_TICKET_STATUS_CLOSED

	low    = frontlinev1.TicketPriority_TICKET_PRIORITY_LOW
	high   = frontlinev1.TicketPriority_TICKET_PRIORITY_HIGH
	urgent = frontlinev1.TicketPriority_TICKET_PRIORITY_URGENT

	deskChannel = frontlinev1.Channel_CHANNEL_DESK
	apiChannel  = frontlinev1.Channel_CHANNEL_API
)

var articles = []article{
	{title: "Choosing your frame size", tags: []string{"bikes", "sizing"}, body: `# Choosing your frame size

Measure your inseam barefoot, from the floor to your crotch, with your back against a wall.

| Inseam | Trail 29 / Gravel X | City Loop |
|---|---|---|
| 71–76 cm | S | S |
| 76–81 cm | M | M |
| 81–86 cm | L | L |
| 86+ cm | XL | L |

Between two sizes? Pick the smaller one for a playful ride and the larger one for long days. Every bike can be exchanged for another size within 30 days if it has not been ridden outdoors.`},
	{title: "Order status and tracking", tags: []string{"orders", "shipping"}, body: `# Order status and tracking

- **Processing**: we are picking and checking your bike (1–2 working days).
- **Shipped**: you get an email with the carrier's tracking link. Tracking can take 24 hours to show the first scan.
- **Delivered**: the carrier has a signature or a photo of the drop-off.

Find every order under *Account → Orders*. If tracking has not moved for 3 working days, write to us with your order number (it starts with NW-) and we will open a trace with the carrier.`},
	{title: "Shipping times and costs", tags: []string{"shipping"}, body: `# Shipping times and costs

Bikes ship fully assembled except for the handlebar, pedals and front wheel.

- Standard (free over 500 €): 3–5 working days.
- Express (39 €): 1–2 working days, order before 13:00.
- Parts and accessories: free over 50 €, otherwise 4.90 €.

We ship to the EU, the UK, Norway and Switzerland. Orders to the UK and Switzerland may pay import VAT on delivery.`},
	{title: "Returns and refunds", tags: []string{"returns", "refunds"}, body: `# Returns and refunds

You can return anything within **30 days** of delivery.

1. Open *Account → Orders* and choose **Start a return**.
2. Pack the bike in its original box; we email a prepaid label.
3. Refunds go back to the original payment method within 5 working days of the bike reaching our warehouse.

Bikes that were ridden outdoors can be returned for a 10 % restocking fee. Custom-built wheels and worn clothing cannot be returned.`},
	{title: "Warranty coverage", tags: []string{"warranty"}, body: `# Warranty coverage

- **Frames and rigid forks**: lifetime warranty for the first owner against manufacturing defects.
- **Paint and decals**: 2 years.
- **Components** (drivetrain, brakes, suspension, wheels): 2 years, through the component maker.
- **E-bike motors and batteries**: 2 years or 500 charge cycles, whichever comes first.

Wear parts (tyres, chains, brake pads, cassettes) and crash damage are not covered. See *Making a warranty claim* for what we need from you.`},
	{title: "Making a warranty claim", tags: []string{"warranty"}, body: `# Making a warranty claim

Send us:

1. Your order number or proof of purchase.
2. The frame number (stamped under the bottom bracket).
3. Clear photos of the problem and one photo of the whole bike.
4. A short description of when and how it happened.

We answer every claim within 2 working days. If we approve it we ship a replacement part or frame free of charge; a partner workshop can fit it, and we cover up to one hour of labour.`},
	{title: "Brake pads: when and how to replace them", tags: []string{"bikes", "maintenance", "brakes"}, body: `# Brake pads: when and how to replace them

Replace disc brake pads when the pad material is thinner than **1.5 mm**, or when braking gets loud and weak after cleaning.

- Trail 29 and Gravel X use resin pads type NW-B2; City Loop uses NW-B1.
- Squealing after rain is usually contamination: clean the rotors with isopropyl alcohol and bed the pads in again (10 firm stops from 20 km/h).
- Never use chain lube or degreaser near the rotors.`},
	{title: "E-bike battery care", tags: []string{"e-bike", "battery", "maintenance"}, body: `# E-bike battery care

- Store the battery between 30 % and 60 % charge when you will not ride for more than two weeks.
- Charge at room temperature; below 0 °C the charger waits until the battery warms up.
- A full charge takes about 4.5 hours with the 4 A charger.
- If the battery shows a red blinking LED, remove it for 10 seconds and insert it again. If it keeps blinking, contact us with the battery's serial number.`},
	{title: "Your account and password", tags: []string{"account"}, body: `# Your account and password

- Reset your password from the sign-in page with **Forgot password?**; the link is valid for 1 hour.
- Change your email under *Account → Profile*. We send a confirmation to both the old and the new address.
- To delete your account, write to us from the account's email address. Open orders must be delivered or cancelled first.`},
	{title: "Changing or cancelling an order", tags: []string{"orders"}, body: `# Changing or cancelling an order

While an order is **Processing** you can change the size, colour or delivery address, or cancel it, from *Account → Orders*. Once it has **Shipped**, refuse the delivery or start a return instead; you will not pay return shipping for an order cancelled this way.`},
	{title: "Assembling your bike", tags: []string{"bikes", "assembly"}, body: `# Assembling your bike

You need the 4/5/6 mm hex keys and the 15 mm pedal spanner in the box.

1. Fit the handlebar to the stem: tighten the four bolts crosswise to 5 Nm.
2. Insert the front wheel; close the thru-axle to 12 Nm.
3. Pedals: the left pedal (marked L) has a reverse thread.
4. Inflate the tyres to the pressure printed on the sidewall.

Ask a workshop to check the bike if you are unsure: a safety check is free at our partner shops in the first 3 months.`},
	{title: "Payment methods and invoices", tags: []string{"orders", "payments"}, body: `# Payment methods and invoices

We accept cards, PayPal, bank transfer and 0 % instalments over 12 months for orders above 800 €. Your VAT invoice is attached to the shipping email and can be downloaded from *Account → Orders*. Businesses can add a VAT number at checkout.`},
	{title: "Winter riding checklist (draft)", tags: []string{"maintenance"}, draft: true, body: `# Winter riding checklist

- Lights front and rear, charged.
- Mudguards.
- Chain: wet lube, cleaned weekly.
- Tyre pressure 10 % lower for grip.

TODO: add studded tyre recommendations per model.`},
}

var tickets = []ticket{
	// --- new ---
	{subject: "Which frame size for 1.78 m?", customer: "Jonas Weber", email: "jonas.weber@example.com", product: "Trail 29",
		tags: []string{"sizing", "presales"}, thread: []line{
			cust(0, "Hi, I'm 1.78 m with an 82 cm inseam. Would you recommend M or L for the Trail 29? I mostly ride forest trails."),
		}},
	{subject: "Tracking hasn't moved in 4 days", customer: "Priya Nair", email: "priya.nair@example.com", product: "Gravel X",
		priority: high, tags: []string{"shipping", "tracking"}, thread: []line{
			cust(0, "My order NW-20931 shipped last Tuesday but the tracking still says 'label created'. Is it lost?"),
		}},
	{subject: "Can I pay by instalments?", customer: "Tom Becker", email: "tom.becker@example.com", product: "City Loop E",
		priority: low, tags: []string{"payments", "presales"}, thread: []line{
			cust(0, "Do you offer instalments for the City Loop E? I'd like to spread it over a year."),
		}},
	{subject: "Battery blinking red", customer: "Ines Duarte", email: "ines.duarte@example.com", product: "City Loop E",
		priority: high, tags: []string{"e-bike", "battery"}, thread: []line{
			cust(0, "The battery LED blinks red and the motor won't assist. I charged it overnight."),
			cust(20*minute, "I also tried taking it out and putting it back. Still blinking."),
		}},
	{subject: "Invoice with company VAT number", customer: "Lukas Brandt", email: "l.brandt@brandt-kurier.example", product: "Cargo One",
		channel: apiChannel, priority: low, tags: []string{"payments", "invoice"}, thread: []line{
			cust(0, "We bought two Cargo One bikes for our courier business but forgot to add our VAT number. Can you reissue the invoice to DE298765431?"),
		}},
	{subject: "Missing pedals in the box", customer: "Chloé Martin", email: "chloe.martin@example.com", product: "Gravel X",
		tags: []string{"orders", "missing-parts"}, thread: []line{
			cust(0, "Bike arrived today, looks great, but there are no pedals in the box. The manual says they should be included."),
		}},
	{subject: "Do you ship to Iceland?", customer: "Einar Jonsson", email: "einar.j@example.com", product: "Trail 29",
		priority: low, tags: []string{"shipping", "presales"}, thread: []line{
			cust(0, "Is shipping to Reykjavik possible? I couldn't select Iceland at checkout."),
		}},

	// --- open ---
	{subject: "Brakes squeal after rain", customer: "Marta Kowalska", email: "marta.k@example.com", product: "Trail 29",
		assignee: "Maya", tags: []string{"brakes", "maintenance"}, thread: []line{
			cust(0, "Since the rainy ride on Sunday my rear brake squeals terribly and feels weaker."),
			reply("Maya", 2*hour, "Hi Marta, that sounds like contaminated pads. Could you clean the rotor with isopropyl alcohol and do 10 firm stops from about 20 km/h? If it still squeals, please send a photo of the pads."),
			cust(5*hour, "Cleaned it, it's better but still squeaks a bit. Photo attached: pads look thin?"),
			note("Maya", 20*minute, "Pads at ~1 mm in the photo. Worn out, not a warranty case. Offer NW-B2 pads at cost."),
		}},
	{subject: "Wrong colour delivered", customer: "Daniel Okafor", email: "daniel.okafor@example.com", product: "City Loop",
		priority: high, assignee: "Sam", tags: []string{"orders", "wrong-item"}, thread: []line{
			cust(0, "I ordered the City Loop in sage green and received a black one. Order NW-20877."),
			reply("Sam", 1*hour, "Sorry about that, Daniel! I've checked the order and it was picked wrong at the warehouse. I'm arranging a swap: a courier will collect the black bike when delivering the green one."),
			note("Sam", 5*minute, "Warehouse confirmed mispick, swap booked with DHL for Thursday."),
			cust(3*hour, "Great, thanks. Do I need the original box?"),
		}},
	{subject: "Motor cuts out on hills", customer: "Sofia Rossi", email: "sofia.rossi@example.com", product: "City Loop E",
		priority: urgent, assignee: "Maya", tags: []string{"e-bike", "motor", "warranty"}, thread: []line{
			cust(0, "On steep hills the motor stops assisting for a few seconds, then comes back. Battery is at 80 %."),
			reply("Maya", 90*minute, "Hi Sofia, thanks for the detail. Could you tell me the firmware version shown in the display's settings menu, and whether it happens in every assist mode?"),
			cust(2*hour, "Firmware 2.1.4. Only in Turbo mode."),
			note("Maya", 15*minute, "Known issue with 2.1.4 thermal limit in Turbo. Fix in 2.1.6, needs a workshop update. Check partner shop near Milan."),
		}},
	{subject: "Return label not received", customer: "Hannah Schmidt", email: "hannah.s@example.com", product: "Gravel X",
		assignee: "Sam", tags: []string{"returns"}, thread: []line{
			cust(0, "I started a return 3 days ago but never got the label."),
			reply("Sam", 4*hour, "Hi Hannah, the label email bounced because of a typo in the address on file. I've corrected it and sent the label again. Please check your inbox and spam folder."),
			cust(1*day, "Got it now. How long until I get my refund once you receive it?"),
		}},
	{subject: "Creaking from the bottom bracket", customer: "Oliver Hughes", email: "o.hughes@example.com", product: "Trail 29",
		assignee: "Maya", tags: []string{"maintenance", "warranty"}, thread: []line{
			cust(0, "Every pedal stroke makes a creak under load. Bike is 5 months old."),
			reply("Maya", 3*hour, "Hi Oliver, most creaks come from pedals or the chainring bolts rather than the bottom bracket. Could you remove the pedals, grease the threads and refit them? If it persists we'll treat it as a warranty case."),
		}},
	{subject: "Change delivery address", customer: "Emma Johansson", email: "emma.j@example.com", product: "City Loop",
		channel: deskChannel, assignee: "Sam", tags: []string{"orders"}, thread: []line{
			cust(0, "Customer called: wants order NW-21002 delivered to her office instead (Kungsgatan 12, Stockholm)."),
			reply("Sam", 30*minute, "Hi Emma, as discussed on the phone, I've changed the delivery address to Kungsgatan 12. You'll get an updated confirmation by email."),
			note("Sam", 2*minute, "Order was still processing, address changed in the shop backend."),
		}},
	{subject: "Tubeless setup leaks air", customer: "Mateo García", email: "mateo.garcia@example.com", product: "Gravel X",
		priority: low, tags: []string{"wheels", "tubeless"}, thread: []line{
			cust(0, "I converted to tubeless with your sealant and the rear tyre loses about 1 bar per day."),
			reply("Maya", 5*hour, "Hi Mateo, a slow leak in the first days is normal while the sealant seals the bead. Ride the bike, shake the wheel horizontally a few times and re-inflate. If it still loses air after a week, check the valve core is tight."),
		}},
	{subject: "Warranty claim: cracked rear rack", customer: "Aisha Bello", email: "aisha.bello@example.com", product: "Cargo One",
		priority: high, assignee: "Sam", tags: []string{"warranty"}, thread: []line{
			cust(0, "The welded rear rack has a crack next to the mount. I only carry groceries, well under the 40 kg limit. Photos attached."),
			note("Sam", 1*hour, "Photos show a weld crack, clear manufacturing defect. Approve replacement rack."),
			reply("Sam", 10*minute, "Hi Aisha, thank you for the photos. This is covered by the warranty: we're shipping a new rack this week and will cover one hour of fitting at a partner shop."),
			cust(2*hour, "Brilliant, thank you! Which partner shops are in Leeds?"),
		}},

	// --- pending (waiting on the customer) ---
	{subject: "Gears skip under load", customer: "Noah Fischer", email: "noah.fischer@example.com", product: "Trail 29",
		assignee: "Maya", status: pending, tags: []string{"drivetrain", "maintenance"}, thread: []line{
			cust(0, "Gears jump when I pedal hard in the middle of the cassette."),
			reply("Maya", 2*hour, "Hi Noah, this is usually cable stretch. Turn the barrel adjuster on the rear derailleur half a turn anticlockwise and test again. Could you tell me if that helps?"),
		}},
	{subject: "Need frame number for insurance", customer: "Lea Moreau", email: "lea.moreau@example.com", product: "City Loop",
		priority: low, assignee: "Sam", status: pending, tags: []string{"account"}, thread: []line{
			cust(0, "My insurer needs the frame number. Where do I find it?"),
			reply("Sam", 1*hour, "Hi Lea, it's stamped under the bottom bracket, where the cranks meet the frame. If you can't read it, send us your order number and we'll look it up."),
		}},
	{subject: "Refund amount lower than expected", customer: "Jakub Novak", email: "jakub.novak@example.com", product: "Gravel X",
		priority: high, assignee: "Sam", status: pending, tags: []string{"returns", "refunds"}, thread: []line{
			cust(0, "I returned my Gravel X but the refund was 150 € less than I paid."),
			note("Sam", 1*hour, "Warehouse flagged outdoor use (mud on tyres) -> 10 % restocking fee applied. Policy allows it."),
			reply("Sam", 10*minute, "Hi Jakub, the bike arrived with signs of outdoor riding, so a 10 % restocking fee applied as described in our returns policy. If you believe this is a mistake, could you send any photos from before you shipped it?"),
		}},
	{subject: "Charger makes a buzzing noise", customer: "Freya Lund", email: "freya.lund@example.com", product: "City Loop E",
		assignee: "Maya", status: pending, tags: []string{"e-bike", "battery"}, thread: []line{
			cust(0, "The charger buzzes while charging. Is that safe?"),
			reply("Maya", 3*hour, "Hi Freya, a faint hum is normal, but a loud buzz isn't. Could you send a short video with sound and the charger's serial number from the label?"),
		}},
	{subject: "Bulk order for a bike club", customer: "Marco Bianchi", email: "marco@ciclo-club.example", product: "Gravel X",
		channel: deskChannel, priority: high, assignee: "Sam", status: pending, tags: []string{"presales", "b2b"}, thread: []line{
			cust(0, "Our club would like 12 Gravel X in mixed sizes. Is there a club discount?"),
			reply("Sam", 1*day, "Hi Marco, we can offer 12 % off for 10 or more bikes. Could you send the size breakdown and the delivery address so I can prepare a quote?"),
			note("Ada", 2*hour, "Approved 12 %, don't go higher without asking me."),
		}},
	{subject: "Handlebar feels too wide", customer: "Yuki Tanaka", email: "yuki.tanaka@example.com", product: "Trail 29",
		priority: low, assignee: "Maya", status: pending, tags: []string{"sizing", "parts"}, thread: []line{
			cust(0, "The 780 mm bar feels too wide for me. Can I swap it?"),
			reply("Maya", 4*hour, "Hi Yuki, you can cut it down to 740 mm safely (marks are on the bar). Or we can send a 740 mm bar for 29 €. Which do you prefer?"),
		}},

	// --- handoff (the bot handed over; waits for a human) ---
	{subject: "Speak to a human about my warranty", customer: "Carlos Mendes", email: "carlos.mendes@example.com", product: "City Loop E",
		priority: high, status: handoff, tags: []string{"warranty", "e-bike"}, thread: []line{
			cust(0, "My battery only lasts 15 km now. It's 18 months old. Is this covered?"),
			cust(2*minute, "I'd like to talk to a person please."),
		}},
	{subject: "Damaged in transit", customer: "Grace Kim", email: "grace.kim@example.com", product: "Gravel X",
		priority: urgent, status: handoff, tags: []string{"shipping", "damage"}, thread: []line{
			cust(0, "The box was crushed and the rear derailleur hanger is bent. I have photos of the box."),
		}},
	{subject: "Order cancelled without reason", customer: "Ahmed Hassan", email: "ahmed.hassan@example.com", product: "Trail 29",
		priority: high, status: handoff, tags: []string{"orders", "payments"}, thread: []line{
			cust(0, "I got an email that my order was cancelled. The money was taken from my card though!"),
		}},
	{subject: "Accessibility: adapting a bike", customer: "Ruth Levi", email: "ruth.levi@example.com", product: "City Loop E",
		status: handoff, tags: []string{"presales"}, thread: []line{
			cust(0, "I have limited grip strength in my right hand. Can the City Loop E be set up with both brakes on the left lever?"),
		}},

	// --- resolved ---
	{subject: "Password reset email never arrives", customer: "Ben Carter", email: "ben.carter@example.com",
		assignee: "Sam", status: resolved, tags: []string{"account"}, thread: []line{
			cust(0, "I've requested a password reset three times and got nothing."),
			reply("Sam", 1*hour, "Hi Ben, your mail provider was rejecting our emails. I've added an exception on our side; please try once more."),
			cust(30*minute, "That worked, I'm in. Thanks!"),
			reply("Sam", 10*minute, "Glad to hear it! I'll mark this as solved; just reply if anything else comes up."),
		}},
	{subject: "How do I bleed the brakes?", customer: "Julia Novak", email: "julia.novak@example.com", product: "Trail 29",
		priority: low, assignee: "Maya", status: resolved, tags: []string{"brakes", "maintenance"}, thread: []line{
			cust(0, "The brake lever pulls almost to the bar. Do I need to bleed them?"),
			reply("Maya", 2*hour, "Hi Julia, yes, that sounds like air in the system. Our brakes use mineral oil; the bleed kit NW-BK1 includes a step-by-step guide, or any partner shop can do it in 20 minutes."),
			cust(1*day, "Shop did it, brakes feel great now."),
			reply("Maya", 1*hour, "Perfect, enjoy the rides!"),
		}},
	{subject: "Express shipping upgrade", customer: "Anna Svensson", email: "anna.svensson@example.com", product: "City Loop",
		assignee: "Sam", status: resolved, tags: []string{"shipping"}, thread: []line{
			cust(0, "Can I upgrade my order to express? I need the bike by Friday."),
			reply("Sam", 40*minute, "Hi Anna, done: I've upgraded your order to express and it ships today. The 39 € difference will be charged to your card."),
		}},
	{subject: "Kickstand compatibility", customer: "Felix Wagner", email: "felix.wagner@example.com", product: "Gravel X",
		priority: low, assignee: "Maya", status: resolved, tags: []string{"parts"}, thread: []line{
			cust(0, "Which kickstand fits the Gravel X?"),
			reply("Maya", 3*hour, "Hi Felix, the Gravel X has an 18 mm kickstand mount; the NW-KS18 fits directly."),
		}},
	{subject: "Duplicate charge on my card", customer: "Sara Lindqvist", email: "sara.l@example.com", product: "Trail 29",
		priority: urgent, assignee: "Sam", status: resolved, tags: []string{"payments", "refunds"}, thread: []line{
			cust(0, "I was charged twice for order NW-20650!"),
			note("Sam", 20*minute, "Payment provider shows a retry after timeout; second charge is a pending authorisation, will drop. Refunded anyway to be safe."),
			reply("Sam", 10*minute, "Hi Sara, sorry for the scare. The second charge was a duplicate authorisation; I've refunded it and it will disappear from your statement within 5 working days."),
			cust(2*hour, "Thanks for the quick help."),
			reply("Sam", 15*minute, "You're welcome, Sara!"),
		}},
	{subject: "Tyre pressure for gravel", customer: "Luca Romano", email: "luca.romano@example.com", product: "Gravel X",
		priority: low, assignee: "Maya", status: resolved, tags: []string{"wheels"}, thread: []line{
			cust(0, "What pressure should I run on the stock 40 mm tyres? I weigh 75 kg."),
			reply("Maya", 1*hour, "Hi Luca, start at 2.6 bar front and 2.8 bar rear tubeless (about 0.4 bar more with tubes), then go lower for loose gravel."),
		}},

	// --- closed ---
	{subject: "Where is the nearest partner shop?", customer: "Elif Yilmaz", email: "elif.yilmaz@example.com", product: "City Loop",
		priority: low, assignee: "Sam", status: closed, tags: []string{"service"}, thread: []line{
			cust(0, "I live in Graz. Is there a partner workshop nearby?"),
			reply("Sam", 2*hour, "Hi Elif, yes: Radwerk Graz at Annenstraße 40 is our partner. Mention your order number for the free 3-month check."),
			cust(1*hour, "Thank you!"),
		}},
	{subject: "Order cancellation", customer: "Mia Hoffmann", email: "mia.hoffmann@example.com", product: "Trail 29",
		assignee: "Sam", status: closed, tags: []string{"orders"}, thread: []line{
			cust(0, "Please cancel order NW-20511, I found a bike locally."),
			reply("Sam", 30*minute, "Hi Mia, your order is cancelled and the full amount has been refunded."),
		}},
	{subject: "Lost the assembly keys", customer: "George Evans", email: "george.evans@example.com", product: "Gravel X",
		priority: low, assignee: "Maya", status: closed, tags: []string{"parts", "assembly"}, thread: []line{
			cust(0, "I lost the small tool set that came with the bike. Can I buy another?"),
			reply("Maya", 1*hour, "Hi George, we'll send you a replacement set for free. It should arrive in 3–4 days."),
			note("Maya", 1*minute, "Sent from spare parts stock, no charge."),
		}},
	{subject: "Newsletter unsubscribe", customer: "Karin Berg", email: "karin.berg@example.com",
		channel: apiChannel, priority: low, assignee: "Sam", status: closed, tags: []string{"account"}, thread: []line{
			cust(0, "Please stop sending me marketing emails."),
			reply("Sam", 20*minute, "Hi Karin, done: you're unsubscribed from all marketing emails. You'll still get order updates."),
		}},
	{subject: "Spam: SEO services", customer: "Growth Team", email: "growth@seo-offers.example",
		channel: apiChannel, priority: low, status: closed, tags: []string{"spam"}, thread: []line{
			cust(0, "We can get your website to page 1 of Google in 30 days. Reply for a free audit!"),
			note("Ada", 1*hour, "Spam, closing."),
		}},
	{subject: "Seat post slipping", customer: "Victor Dubois", email: "victor.dubois@example.com", product: "City Loop",
		assignee: "Maya", status: closed, tags: []string{"maintenance"}, thread: []line{
			cust(0, "My seat post keeps sliding down during rides."),
			reply("Maya", 2*hour, "Hi Victor, tighten the seat clamp bolt to 5 Nm and add a little carbon assembly paste. That should hold it."),
			cust(1*day, "Fixed, thanks."),
			reply("Maya", 30*minute, "Great! Closing this one; write any time."),
		}},
}
