export namespace app {
	
	export class AIKeyDTO {
	    apiKey: string;
	    clear: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AIKeyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.apiKey = source["apiKey"];
	        this.clear = source["clear"];
	    }
	}
	export class AIUsageDTO {
	    calls: number;
	    failures: number;
	    retries: number;
	    promptTokens: number;
	    completionTokens: number;
	    costUSD: number;
	
	    static createFrom(source: any = {}) {
	        return new AIUsageDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.calls = source["calls"];
	        this.failures = source["failures"];
	        this.retries = source["retries"];
	        this.promptTokens = source["promptTokens"];
	        this.completionTokens = source["completionTokens"];
	        this.costUSD = source["costUSD"];
	    }
	}
	export class ModelPriceDTO {
	    model: string;
	    promptPerMillion: number;
	    completionPerMillion: number;
	
	    static createFrom(source: any = {}) {
	        return new ModelPriceDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.model = source["model"];
	        this.promptPerMillion = source["promptPerMillion"];
	        this.completionPerMillion = source["completionPerMillion"];
	    }
	}
	export class AISettingsDTO {
	    provider: string;
	    model: string;
	    baseURL: string;
	    timeoutSeconds: number;
	    prices: ModelPriceDTO[];
	    apiKeyMasked: string;
	    apiKeySet: boolean;
	    usage: AIUsageDTO;
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new AISettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.provider = source["provider"];
	        this.model = source["model"];
	        this.baseURL = source["baseURL"];
	        this.timeoutSeconds = source["timeoutSeconds"];
	        this.prices = this.convertValues(source["prices"], ModelPriceDTO);
	        this.apiKeyMasked = source["apiKeyMasked"];
	        this.apiKeySet = source["apiKeySet"];
	        this.usage = this.convertValues(source["usage"], AIUsageDTO);
	        this.mode = source["mode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AITestDTO {
	    ok: boolean;
	    error: string;
	    reply: string;
	    latencyMs: number;
	
	    static createFrom(source: any = {}) {
	        return new AITestDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.error = source["error"];
	        this.reply = source["reply"];
	        this.latencyMs = source["latencyMs"];
	    }
	}
	
	export class AgentDTO {
	    id: string;
	    name: string;
	    email: string;
	    role: string;
	    active: boolean;
	    availability: string;
	    capacity: number;
	    skills: string[];
	    joinedAt: string;
	    me: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AgentDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.active = source["active"];
	        this.availability = source["availability"];
	        this.capacity = source["capacity"];
	        this.skills = source["skills"];
	        this.joinedAt = source["joinedAt"];
	        this.me = source["me"];
	    }
	}
	export class DurationsDTO {
	    n: number;
	    medianSec: number;
	    p90Sec: number;
	
	    static createFrom(source: any = {}) {
	        return new DurationsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.n = source["n"];
	        this.medianSec = source["medianSec"];
	        this.p90Sec = source["p90Sec"];
	    }
	}
	export class AgentStatsDTO {
	    id: string;
	    name: string;
	    open: number;
	    replies: number;
	    resolved: number;
	    firstResponse: DurationsDTO;
	
	    static createFrom(source: any = {}) {
	        return new AgentStatsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.open = source["open"];
	        this.replies = source["replies"];
	        this.resolved = source["resolved"];
	        this.firstResponse = this.convertValues(source["firstResponse"], DurationsDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AgentsDTO {
	    agents: AgentDTO[];
	    categories: string[];
	    canEdit: boolean;
	    online: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AgentsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.agents = this.convertValues(source["agents"], AgentDTO);
	        this.categories = source["categories"];
	        this.canEdit = source["canEdit"];
	        this.online = source["online"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SLAClockDTO {
	    target: string;
	    due: string;
	    state: string;
	    leftSeconds: number;
	    businessHours: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SLAClockDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.due = source["due"];
	        this.state = source["state"];
	        this.leftSeconds = source["leftSeconds"];
	        this.businessHours = source["businessHours"];
	    }
	}
	export class LabelDTO {
	    label: string;
	    confidence: number;
	
	    static createFrom(source: any = {}) {
	        return new LabelDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.confidence = source["confidence"];
	    }
	}
	export class TicketTriageDTO {
	    category: LabelDTO;
	    priority: LabelDTO;
	    sentiment: LabelDTO;
	    sentimentScore: number;
	    language: LabelDTO;
	    priorityReasons: string[];
	    triagedAt: string;
	    corrected: string[];
	    correctedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new TicketTriageDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.category = this.convertValues(source["category"], LabelDTO);
	        this.priority = this.convertValues(source["priority"], LabelDTO);
	        this.sentiment = this.convertValues(source["sentiment"], LabelDTO);
	        this.sentimentScore = source["sentimentScore"];
	        this.language = this.convertValues(source["language"], LabelDTO);
	        this.priorityReasons = source["priorityReasons"];
	        this.triagedAt = source["triagedAt"];
	        this.corrected = source["corrected"];
	        this.correctedBy = source["correctedBy"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TicketDTO {
	    id: string;
	    number: number;
	    subject: string;
	    status: string;
	    priority: string;
	    assigneeId: string;
	    assigneeName: string;
	    customerName: string;
	    customerEmail: string;
	    product: string;
	    channel: string;
	    tags: string[];
	    messageCount: number;
	    createdAt: string;
	    updatedAt: string;
	    pending: boolean;
	    changedOffline: string;
	    handoverReason: string;
	    botAnswers: boolean;
	    lastCustomerAt: string;
	    handoverAt: string;
	    botSummary: string;
	    triage?: TicketTriageDTO;
	    sla: SLAClockDTO[];
	    customFields: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new TicketDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.subject = source["subject"];
	        this.status = source["status"];
	        this.priority = source["priority"];
	        this.assigneeId = source["assigneeId"];
	        this.assigneeName = source["assigneeName"];
	        this.customerName = source["customerName"];
	        this.customerEmail = source["customerEmail"];
	        this.product = source["product"];
	        this.channel = source["channel"];
	        this.tags = source["tags"];
	        this.messageCount = source["messageCount"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.pending = source["pending"];
	        this.changedOffline = source["changedOffline"];
	        this.handoverReason = source["handoverReason"];
	        this.botAnswers = source["botAnswers"];
	        this.lastCustomerAt = source["lastCustomerAt"];
	        this.handoverAt = source["handoverAt"];
	        this.botSummary = source["botSummary"];
	        this.triage = this.convertValues(source["triage"], TicketTriageDTO);
	        this.sla = this.convertValues(source["sla"], SLAClockDTO);
	        this.customFields = source["customFields"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AppliedMacroDTO {
	    macroId: string;
	    title: string;
	    text: string;
	    addTags: string[];
	    unknownVars: string[];
	    emptyVars: string[];
	    ticket: TicketDTO;
	
	    static createFrom(source: any = {}) {
	        return new AppliedMacroDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.macroId = source["macroId"];
	        this.title = source["title"];
	        this.text = source["text"];
	        this.addTags = source["addTags"];
	        this.unknownVars = source["unknownVars"];
	        this.emptyVars = source["emptyVars"];
	        this.ticket = this.convertValues(source["ticket"], TicketDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ArticleDTO {
	    id: string;
	    title: string;
	    body: string;
	    status: string;
	    revision: number;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new ArticleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.status = source["status"];
	        this.revision = source["revision"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Span {
	    start: number;
	    end: number;
	
	    static createFrom(source: any = {}) {
	        return new Span(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	}
	export class ArticleHitDTO {
	    id: string;
	    title: string;
	    titleSpans: Span[];
	    headingPath: string[];
	    snippet: string;
	    snippetSpans: Span[];
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new ArticleHitDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.titleSpans = this.convertValues(source["titleSpans"], Span);
	        this.headingPath = source["headingPath"];
	        this.snippet = source["snippet"];
	        this.snippetSpans = this.convertValues(source["snippetSpans"], Span);
	        this.status = source["status"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SuggestedArticleDTO {
	    articleId: string;
	    title: string;
	    headingPath: string[];
	    excerpt: string;
	    score: number;
	
	    static createFrom(source: any = {}) {
	        return new SuggestedArticleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.articleId = source["articleId"];
	        this.title = source["title"];
	        this.headingPath = source["headingPath"];
	        this.excerpt = source["excerpt"];
	        this.score = source["score"];
	    }
	}
	export class ArticleSuggestionsDTO {
	    ticketId: string;
	    articles: SuggestedArticleDTO[];
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new ArticleSuggestionsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.articles = this.convertValues(source["articles"], SuggestedArticleDTO);
	        this.mode = source["mode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AssignmentDTO {
	    id: string;
	    mode: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new AssignmentDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.mode = source["mode"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class AttainmentDTO {
	    met: number;
	    breached: number;
	    pending: number;
	    rate: number;
	
	    static createFrom(source: any = {}) {
	        return new AttainmentDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.met = source["met"];
	        this.breached = source["breached"];
	        this.pending = source["pending"];
	        this.rate = source["rate"];
	    }
	}
	export class AttentionDTO {
	    id: string;
	    kind: string;
	    summary: string;
	    reason: string;
	    held: boolean;
	    ticketId: string;
	    ticketNumber: number;
	    ticketSubject: string;
	    madeAt: string;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new AttentionDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.summary = source["summary"];
	        this.reason = source["reason"];
	        this.held = source["held"];
	        this.ticketId = source["ticketId"];
	        this.ticketNumber = source["ticketNumber"];
	        this.ticketSubject = source["ticketSubject"];
	        this.madeAt = source["madeAt"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class AuditEntryDTO {
	    id: string;
	    at: string;
	    actorId: string;
	    actorName: string;
	    action: string;
	    targetId: string;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditEntryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actorId = source["actorId"];
	        this.actorName = source["actorName"];
	        this.action = source["action"];
	        this.targetId = source["targetId"];
	        this.summary = source["summary"];
	    }
	}
	export class AuditLogDTO {
	    entries: AuditEntryDTO[];
	    actions: string[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditLogDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = this.convertValues(source["entries"], AuditEntryDTO);
	        this.actions = source["actions"];
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditQuery {
	    action: string;
	    text: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.action = source["action"];
	        this.text = source["text"];
	        this.limit = source["limit"];
	    }
	}
	export class BotDTO {
	    answered: number;
	    resolved: number;
	    handedOver: number;
	    rate: number;
	
	    static createFrom(source: any = {}) {
	        return new BotDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.answered = source["answered"];
	        this.resolved = source["resolved"];
	        this.handedOver = source["handedOver"];
	        this.rate = source["rate"];
	    }
	}
	export class BulkFailureDTO {
	    id: string;
	    number: number;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new BulkFailureDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.message = source["message"];
	    }
	}
	export class BulkRequestDTO {
	    ids: string[];
	    action: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new BulkRequestDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ids = source["ids"];
	        this.action = source["action"];
	        this.value = source["value"];
	    }
	}
	export class BulkResultDTO {
	    succeeded: number;
	    failed: BulkFailureDTO[];
	    tickets: TicketDTO[];
	
	    static createFrom(source: any = {}) {
	        return new BulkResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.succeeded = source["succeeded"];
	        this.failed = this.convertValues(source["failed"], BulkFailureDTO);
	        this.tickets = this.convertValues(source["tickets"], TicketDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DayHoursDTO {
	    weekday: number;
	    open: string;
	    close: string;
	
	    static createFrom(source: any = {}) {
	        return new DayHoursDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.weekday = source["weekday"];
	        this.open = source["open"];
	        this.close = source["close"];
	    }
	}
	export class BusinessHoursDTO {
	    id: string;
	    timeZone: string;
	    days: DayHoursDTO[];
	    holidays: string[];
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new BusinessHoursDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.timeZone = source["timeZone"];
	        this.days = this.convertValues(source["days"], DayHoursDTO);
	        this.holidays = source["holidays"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CSATDTO {
	    rated: number;
	    satisfied: number;
	    share: number;
	    average: number;
	
	    static createFrom(source: any = {}) {
	        return new CSATDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rated = source["rated"];
	        this.satisfied = source["satisfied"];
	        this.share = source["share"];
	        this.average = source["average"];
	    }
	}
	export class CategoryDTO {
	    id: string;
	    name: string;
	    description: string;
	    examples: string[];
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new CategoryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.examples = source["examples"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class CitationDTO {
	    articleId: string;
	    title: string;
	    headingPath: string[];
	
	    static createFrom(source: any = {}) {
	        return new CitationDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.articleId = source["articleId"];
	        this.title = source["title"];
	        this.headingPath = source["headingPath"];
	    }
	}
	export class CompanyDTO {
	    id: string;
	    name: string;
	    widgetKey: string;
	
	    static createFrom(source: any = {}) {
	        return new CompanyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.widgetKey = source["widgetKey"];
	    }
	}
	export class CountDTO {
	    key: string;
	    label: string;
	    n: number;
	
	    static createFrom(source: any = {}) {
	        return new CountDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.n = source["n"];
	    }
	}
	export class CustomFieldDTO {
	    id: string;
	    key: string;
	    label: string;
	    type: string;
	    options: string[];
	    requiredToResolve: boolean;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new CustomFieldDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.key = source["key"];
	        this.label = source["label"];
	        this.type = source["type"];
	        this.options = source["options"];
	        this.requiredToResolve = source["requiredToResolve"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class ProgressDTO {
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new ProgressDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	}
	export class SLADTO {
	    firstResponse: AttainmentDTO;
	    resolution: AttainmentDTO;
	
	    static createFrom(source: any = {}) {
	        return new SLADTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.firstResponse = this.convertValues(source["firstResponse"], AttainmentDTO);
	        this.resolution = this.convertValues(source["resolution"], AttainmentDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DayDTO {
	    date: string;
	    created: number;
	    resolved: number;
	    sentimentN: number;
	    sentiment: number;
	
	    static createFrom(source: any = {}) {
	        return new DayDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.created = source["created"];
	        this.resolved = source["resolved"];
	        this.sentimentN = source["sentimentN"];
	        this.sentiment = source["sentiment"];
	    }
	}
	export class DashboardDTO {
	    from: string;
	    to: string;
	    timeZone: string;
	    computedAt: string;
	    tickets: number;
	    total: number;
	    days: DayDTO[];
	    byChannel: CountDTO[];
	    byCategory: CountDTO[];
	    firstResponse: DurationsDTO;
	    resolution: DurationsDTO;
	    sla?: SLADTO;
	    backlog: CountDTO[];
	    backlogTotal: number;
	    csat: CSATDTO;
	    bot: BotDTO;
	    handover: CountDTO[];
	    agents: AgentStatsDTO[];
	    categories: string[];
	    channels: string[];
	    millis: number;
	    preparing?: ProgressDTO;
	
	    static createFrom(source: any = {}) {
	        return new DashboardDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.timeZone = source["timeZone"];
	        this.computedAt = source["computedAt"];
	        this.tickets = source["tickets"];
	        this.total = source["total"];
	        this.days = this.convertValues(source["days"], DayDTO);
	        this.byChannel = this.convertValues(source["byChannel"], CountDTO);
	        this.byCategory = this.convertValues(source["byCategory"], CountDTO);
	        this.firstResponse = this.convertValues(source["firstResponse"], DurationsDTO);
	        this.resolution = this.convertValues(source["resolution"], DurationsDTO);
	        this.sla = this.convertValues(source["sla"], SLADTO);
	        this.backlog = this.convertValues(source["backlog"], CountDTO);
	        this.backlogTotal = source["backlogTotal"];
	        this.csat = this.convertValues(source["csat"], CSATDTO);
	        this.bot = this.convertValues(source["bot"], BotDTO);
	        this.handover = this.convertValues(source["handover"], CountDTO);
	        this.agents = this.convertValues(source["agents"], AgentStatsDTO);
	        this.categories = source["categories"];
	        this.channels = source["channels"];
	        this.millis = source["millis"];
	        this.preparing = this.convertValues(source["preparing"], ProgressDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SLATargetDTO {
	    priority: string;
	    firstResponseMinutes: number;
	    resolutionMinutes: number;
	
	    static createFrom(source: any = {}) {
	        return new SLATargetDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.priority = source["priority"];
	        this.firstResponseMinutes = source["firstResponseMinutes"];
	        this.resolutionMinutes = source["resolutionMinutes"];
	    }
	}
	export class DashboardRequest {
	    days: number;
	    from: string;
	    to: string;
	    timeZone: string;
	    channel: string;
	    category: string;
	    assigneeId: string;
	    sla: SLATargetDTO[];
	
	    static createFrom(source: any = {}) {
	        return new DashboardRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.timeZone = source["timeZone"];
	        this.channel = source["channel"];
	        this.category = source["category"];
	        this.assigneeId = source["assigneeId"];
	        this.sla = this.convertValues(source["sla"], SLATargetDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class DigestItemDTO {
	    ticketId: string;
	    number: number;
	    subject: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new DigestItemDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.number = source["number"];
	        this.subject = source["subject"];
	        this.detail = source["detail"];
	    }
	}
	export class DigestDTO {
	    since: string;
	    first: boolean;
	    total: number;
	    newTickets: DigestItemDTO[];
	    assignedToMe: DigestItemDTO[];
	    customerReplies: DigestItemDTO[];
	    statusChanges: DigestItemDTO[];
	    handovers: DigestItemDTO[];
	
	    static createFrom(source: any = {}) {
	        return new DigestDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.since = source["since"];
	        this.first = source["first"];
	        this.total = source["total"];
	        this.newTickets = this.convertValues(source["newTickets"], DigestItemDTO);
	        this.assignedToMe = this.convertValues(source["assignedToMe"], DigestItemDTO);
	        this.customerReplies = this.convertValues(source["customerReplies"], DigestItemDTO);
	        this.statusChanges = this.convertValues(source["statusChanges"], DigestItemDTO);
	        this.handovers = this.convertValues(source["handovers"], DigestItemDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class DraftDTO {
	    ticketId: string;
	    text: string;
	    label: string;
	    citations: CitationDTO[];
	    macro: string;
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new DraftDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.text = source["text"];
	        this.label = source["label"];
	        this.citations = this.convertValues(source["citations"], CitationDTO);
	        this.macro = source["macro"];
	        this.mode = source["mode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class FeedbackDTO {
	    field: string;
	    label: string;
	    ticket?: TicketDTO;
	    stored: string;
	    examples: number;
	
	    static createFrom(source: any = {}) {
	        return new FeedbackDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.label = source["label"];
	        this.ticket = this.convertValues(source["ticket"], TicketDTO);
	        this.stored = source["stored"];
	        this.examples = source["examples"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InviteDTO {
	    email: string;
	    role: string;
	    token: string;
	    expiresAt: string;
	    serverURL: string;
	    company: string;
	
	    static createFrom(source: any = {}) {
	        return new InviteDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = source["email"];
	        this.role = source["role"];
	        this.token = source["token"];
	        this.expiresAt = source["expiresAt"];
	        this.serverURL = source["serverURL"];
	        this.company = source["company"];
	    }
	}
	export class KBArticleDTO {
	    id: string;
	    title: string;
	    body: string;
	    tags: string[];
	    status: string;
	    revision: number;
	    authorName: string;
	    updatedAt: string;
	    pending: boolean;
	    conflicts: number;
	
	    static createFrom(source: any = {}) {
	        return new KBArticleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.tags = source["tags"];
	        this.status = source["status"];
	        this.revision = source["revision"];
	        this.authorName = source["authorName"];
	        this.updatedAt = source["updatedAt"];
	        this.pending = source["pending"];
	        this.conflicts = source["conflicts"];
	    }
	}
	export class KBConflictDTO {
	    id: string;
	    articleId: string;
	    baseRevision: number;
	    title: string;
	    body: string;
	    authorName: string;
	    createdAt: string;
	    current: KBArticleDTO;
	
	    static createFrom(source: any = {}) {
	        return new KBConflictDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.articleId = source["articleId"];
	        this.baseRevision = source["baseRevision"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.authorName = source["authorName"];
	        this.createdAt = source["createdAt"];
	        this.current = this.convertValues(source["current"], KBArticleDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class KBImportResultDTO {
	    path: string;
	    fileName: string;
	    ok: boolean;
	    title: string;
	    articleId: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new KBImportResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.fileName = source["fileName"];
	        this.ok = source["ok"];
	        this.title = source["title"];
	        this.articleId = source["articleId"];
	        this.error = source["error"];
	    }
	}
	export class KBListDTO {
	    articles: KBArticleDTO[];
	    conflicts: KBConflictDTO[];
	    canEdit: boolean;
	    online: boolean;
	    policy: string;
	
	    static createFrom(source: any = {}) {
	        return new KBListDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.articles = this.convertValues(source["articles"], KBArticleDTO);
	        this.conflicts = this.convertValues(source["conflicts"], KBConflictDTO);
	        this.canEdit = source["canEdit"];
	        this.online = source["online"];
	        this.policy = source["policy"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class KBSaveDTO {
	    id: string;
	    revision: number;
	    title: string;
	    body: string;
	    tags: string[];
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new KBSaveDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.revision = source["revision"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.tags = source["tags"];
	        this.status = source["status"];
	    }
	}
	export class KeywordRuleDTO {
	    words: string[];
	    priority: string;
	
	    static createFrom(source: any = {}) {
	        return new KeywordRuleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.words = source["words"];
	        this.priority = source["priority"];
	    }
	}
	
	export class MacroDTO {
	    id: string;
	    title: string;
	    body: string;
	    addTags: string[];
	    category: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new MacroDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.addTags = source["addTags"];
	        this.category = source["category"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class MessageDTO {
	    id: string;
	    ticketId: string;
	    authorKind: string;
	    authorId: string;
	    authorName: string;
	    body: string;
	    internal: boolean;
	    createdAt: string;
	    pending: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MessageDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ticketId = source["ticketId"];
	        this.authorKind = source["authorKind"];
	        this.authorId = source["authorId"];
	        this.authorName = source["authorName"];
	        this.body = source["body"];
	        this.internal = source["internal"];
	        this.createdAt = source["createdAt"];
	        this.pending = source["pending"];
	    }
	}
	
	export class OpeningHoursDTO {
	    weekday: number;
	    open: string;
	    close: string;
	
	    static createFrom(source: any = {}) {
	        return new OpeningHoursDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.weekday = source["weekday"];
	        this.open = source["open"];
	        this.close = source["close"];
	    }
	}
	export class ViewerDTO {
	    userId: string;
	    name: string;
	    typing: boolean;
	    since: string;
	
	    static createFrom(source: any = {}) {
	        return new ViewerDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.name = source["name"];
	        this.typing = source["typing"];
	        this.since = source["since"];
	    }
	}
	export class PresenceDTO {
	    online: boolean;
	    viewers: ViewerDTO[];
	    customerTyping: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PresenceDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.online = source["online"];
	        this.viewers = this.convertValues(source["viewers"], ViewerDTO);
	        this.customerTyping = source["customerTyping"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TierRuleDTO {
	    tier: string;
	    priority: string;
	
	    static createFrom(source: any = {}) {
	        return new TierRuleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tier = source["tier"];
	        this.priority = source["priority"];
	    }
	}
	export class PriorityRulesDTO {
	    id: string;
	    keywordRules: KeywordRuleDTO[];
	    tierRules: TierRuleDTO[];
	    negativeBelow: number;
	    negativePriority: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new PriorityRulesDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.keywordRules = this.convertValues(source["keywordRules"], KeywordRuleDTO);
	        this.tierRules = this.convertValues(source["tierRules"], TierRuleDTO);
	        this.negativeBelow = source["negativeBelow"];
	        this.negativePriority = source["negativePriority"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class QueueDTO {
	    live: number;
	    handoff: number;
	    new: TicketDTO[];
	
	    static createFrom(source: any = {}) {
	        return new QueueDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.live = source["live"];
	        this.handoff = source["handoff"];
	        this.new = this.convertValues(source["new"], TicketDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RememberedDTO {
	    serverURL: string;
	    company: string;
	    email: string;
	
	    static createFrom(source: any = {}) {
	        return new RememberedDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.serverURL = source["serverURL"];
	        this.company = source["company"];
	        this.email = source["email"];
	    }
	}
	
	
	export class SLAPolicyDTO {
	    id: string;
	    priority: string;
	    firstResponseMinutes: number;
	    resolutionMinutes: number;
	    businessHours: boolean;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new SLAPolicyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.priority = source["priority"];
	        this.firstResponseMinutes = source["firstResponseMinutes"];
	        this.resolutionMinutes = source["resolutionMinutes"];
	        this.businessHours = source["businessHours"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	
	export class SavedViewDTO {
	    id: string;
	    name: string;
	    statuses: string[];
	    priorities: string[];
	    categories: string[];
	    tags: string[];
	    assignee: string;
	    sla: string[];
	    sentiments: string[];
	    languages: string[];
	    sort: string;
	
	    static createFrom(source: any = {}) {
	        return new SavedViewDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.statuses = source["statuses"];
	        this.priorities = source["priorities"];
	        this.categories = source["categories"];
	        this.tags = source["tags"];
	        this.assignee = source["assignee"];
	        this.sla = source["sla"];
	        this.sentiments = source["sentiments"];
	        this.languages = source["languages"];
	        this.sort = source["sort"];
	    }
	}
	export class ScoredDTO {
	    label: string;
	    confidence: number;
	    corrected: string;
	    accepted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ScoredDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.confidence = source["confidence"];
	        this.corrected = source["corrected"];
	        this.accepted = source["accepted"];
	    }
	}
	export class SearchFilter {
	    statuses: string[];
	    scope: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.statuses = source["statuses"];
	        this.scope = source["scope"];
	    }
	}
	export class TicketHitDTO {
	    id: string;
	    number: number;
	    subject: string;
	    subjectSpans: Span[];
	    status: string;
	    priority: string;
	    customerName: string;
	    customerSpans: Span[];
	    snippet: string;
	    snippetSpans: Span[];
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new TicketHitDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.subject = source["subject"];
	        this.subjectSpans = this.convertValues(source["subjectSpans"], Span);
	        this.status = source["status"];
	        this.priority = source["priority"];
	        this.customerName = source["customerName"];
	        this.customerSpans = this.convertValues(source["customerSpans"], Span);
	        this.snippet = source["snippet"];
	        this.snippetSpans = this.convertValues(source["snippetSpans"], Span);
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SearchResultsDTO {
	    query: string;
	    tickets: TicketHitDTO[];
	    articles: ArticleHitDTO[];
	    totalTickets: number;
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchResultsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.tickets = this.convertValues(source["tickets"], TicketHitDTO);
	        this.articles = this.convertValues(source["articles"], ArticleHitDTO);
	        this.totalTickets = source["totalTickets"];
	        this.mode = source["mode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UserDTO {
	    id: string;
	    name: string;
	    email: string;
	    role: string;
	    active: boolean;
	
	    static createFrom(source: any = {}) {
	        return new UserDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.active = source["active"];
	    }
	}
	export class SessionDTO {
	    serverURL: string;
	    company: CompanyDTO;
	    user: UserDTO;
	    expiresAt: string;
	
	    static createFrom(source: any = {}) {
	        return new SessionDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.serverURL = source["serverURL"];
	        this.company = this.convertValues(source["company"], CompanyDTO);
	        this.user = this.convertValues(source["user"], UserDTO);
	        this.expiresAt = source["expiresAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TagDTO {
	    id: string;
	    name: string;
	    color: string;
	    description: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new TagDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.color = source["color"];
	        this.description = source["description"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class SettingsDTO {
	    categories: CategoryDTO[];
	    macros: MacroDTO[];
	    priorityRules: PriorityRulesDTO;
	    canEdit: boolean;
	    online: boolean;
	    variables: string[];
	    slaPolicies: SLAPolicyDTO[];
	    businessHours: BusinessHoursDTO;
	    assignment: AssignmentDTO;
	    customFields: CustomFieldDTO[];
	    tags: TagDTO[];
	
	    static createFrom(source: any = {}) {
	        return new SettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.categories = this.convertValues(source["categories"], CategoryDTO);
	        this.macros = this.convertValues(source["macros"], MacroDTO);
	        this.priorityRules = this.convertValues(source["priorityRules"], PriorityRulesDTO);
	        this.canEdit = source["canEdit"];
	        this.online = source["online"];
	        this.variables = source["variables"];
	        this.slaPolicies = this.convertValues(source["slaPolicies"], SLAPolicyDTO);
	        this.businessHours = this.convertValues(source["businessHours"], BusinessHoursDTO);
	        this.assignment = this.convertValues(source["assignment"], AssignmentDTO);
	        this.customFields = this.convertValues(source["customFields"], CustomFieldDTO);
	        this.tags = this.convertValues(source["tags"], TagDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SimilarTicketDTO {
	    id: string;
	    number: number;
	    subject: string;
	    status: string;
	    score: number;
	    resolution: string;
	    resolvedBy: string;
	    resolvedAt: string;
	    customerName: string;
	
	    static createFrom(source: any = {}) {
	        return new SimilarTicketDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.number = source["number"];
	        this.subject = source["subject"];
	        this.status = source["status"];
	        this.score = source["score"];
	        this.resolution = source["resolution"];
	        this.resolvedBy = source["resolvedBy"];
	        this.resolvedAt = source["resolvedAt"];
	        this.customerName = source["customerName"];
	    }
	}
	export class SimilarDTO {
	    ticketId: string;
	    tickets: SimilarTicketDTO[];
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new SimilarDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.tickets = this.convertValues(source["tickets"], SimilarTicketDTO);
	        this.mode = source["mode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class StatusDTO {
	    signedIn: boolean;
	    session?: SessionDTO;
	    remembered: RememberedDTO;
	    offlineAvailable: boolean;
	    notice: string;
	
	    static createFrom(source: any = {}) {
	        return new StatusDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.signedIn = source["signedIn"];
	        this.session = this.convertValues(source["session"], SessionDTO);
	        this.remembered = this.convertValues(source["remembered"], RememberedDTO);
	        this.offlineAvailable = source["offlineAvailable"];
	        this.notice = source["notice"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SummaryDTO {
	    ticketId: string;
	    text: string;
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new SummaryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.text = source["text"];
	        this.mode = source["mode"];
	    }
	}
	export class SyncStatusDTO {
	    online: boolean;
	    initialSync: boolean;
	    pending: number;
	    syncedUpTo: number;
	    rejected: number;
	    held: number;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatusDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.online = source["online"];
	        this.initialSync = source["initialSync"];
	        this.pending = source["pending"];
	        this.syncedUpTo = source["syncedUpTo"];
	        this.rejected = source["rejected"];
	        this.held = source["held"];
	    }
	}
	
	
	export class TicketDetailDTO {
	    ticket: TicketDTO;
	    messages: MessageDTO[];
	    draft: string;
	    customerTickets: TicketDTO[];
	
	    static createFrom(source: any = {}) {
	        return new TicketDetailDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticket = this.convertValues(source["ticket"], TicketDTO);
	        this.messages = this.convertValues(source["messages"], MessageDTO);
	        this.draft = source["draft"];
	        this.customerTickets = this.convertValues(source["customerTickets"], TicketDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TicketFilter {
	    view: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new TicketFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.view = source["view"];
	        this.limit = source["limit"];
	    }
	}
	
	
	
	export class TriageDTO {
	    ticketId: string;
	    category: ScoredDTO;
	    priority: ScoredDTO;
	    sentiment: ScoredDTO;
	    sentimentScore: number;
	    language: ScoredDTO;
	    languageName: string;
	    priorityReasons: string[];
	    currentPriority: string;
	    languages: string[];
	    notes: string[];
	    mode: string;
	
	    static createFrom(source: any = {}) {
	        return new TriageDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticketId = source["ticketId"];
	        this.category = this.convertValues(source["category"], ScoredDTO);
	        this.priority = this.convertValues(source["priority"], ScoredDTO);
	        this.sentiment = this.convertValues(source["sentiment"], ScoredDTO);
	        this.sentimentScore = source["sentimentScore"];
	        this.language = this.convertValues(source["language"], ScoredDTO);
	        this.languageName = source["languageName"];
	        this.priorityReasons = source["priorityReasons"];
	        this.currentPriority = source["currentPriority"];
	        this.languages = source["languages"];
	        this.notes = source["notes"];
	        this.mode = source["mode"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ViewCountsDTO {
	    saved: {[key: string]: number};
	    builtin: {[key: string]: number};
	
	    static createFrom(source: any = {}) {
	        return new ViewCountsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.saved = source["saved"];
	        this.builtin = source["builtin"];
	    }
	}
	
	export class WidgetSettingsDTO {
	    allowedOrigins: string[];
	    accentColor: string;
	    greeting: string;
	    botName: string;
	    botTone: string;
	    botEnabled: boolean;
	    inactivityMinutes: number;
	    timeZone: string;
	    days: OpeningHoursDTO[];
	    holidays: string[];
	    widgetKey: string;
	    serverURL: string;
	    embed: string;
	
	    static createFrom(source: any = {}) {
	        return new WidgetSettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.allowedOrigins = source["allowedOrigins"];
	        this.accentColor = source["accentColor"];
	        this.greeting = source["greeting"];
	        this.botName = source["botName"];
	        this.botTone = source["botTone"];
	        this.botEnabled = source["botEnabled"];
	        this.inactivityMinutes = source["inactivityMinutes"];
	        this.timeZone = source["timeZone"];
	        this.days = this.convertValues(source["days"], OpeningHoursDTO);
	        this.holidays = source["holidays"];
	        this.widgetKey = source["widgetKey"];
	        this.serverURL = source["serverURL"];
	        this.embed = source["embed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

