export namespace app {
	
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
	    }
	}
	export class TicketDetailDTO {
	    ticket: TicketDTO;
	    messages: MessageDTO[];
	    draft: string;
	
	    static createFrom(source: any = {}) {
	        return new TicketDetailDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ticket = this.convertValues(source["ticket"], TicketDTO);
	        this.messages = this.convertValues(source["messages"], MessageDTO);
	        this.draft = source["draft"];
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

}

