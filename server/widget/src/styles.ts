// The widget's stylesheet, scoped by its shadow root. :host resets what the
// host page could leak in through inheritance.
export function styles(accent: string): string {
  return `
:host{all:initial;--fl-accent:${accent};--fl-fg:#1f2937;--fl-muted:#6b7280;--fl-bg:#fff;--fl-line:#e5e7eb;--fl-err:#b91c1c;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fl-fg)}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
button,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid var(--fl-accent);outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;
background:var(--fl-accent);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}
.launcher svg{width:28px;height:28px;fill:currentColor}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483001;width:min(380px,calc(100vw - 16px));height:min(600px,calc(100vh - 112px));
background:var(--fl-bg);border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}
@media (max-width:480px){.panel{right:8px;left:8px;bottom:80px;width:auto;height:calc(100vh - 96px)}.launcher{right:12px;bottom:12px}}
header{background:var(--fl-accent);color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}
.titles{flex:1;min-width:0}
header h2{margin:0;font-size:16px;font-weight:600;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
header p{margin:0;font-size:12px;opacity:.9}
.close{background:transparent;border:0;color:#fff;width:36px;height:36px;border-radius:8px;cursor:pointer;font-size:22px;line-height:1}
.close:hover{background:rgba(255,255,255,.18)}
.banner{margin:0;padding:8px 14px;font-size:13px;background:#fef2f2;color:var(--fl-err);border-bottom:1px solid #fecaca}
.status{margin:0;padding:6px 14px;font-size:12px;color:var(--fl-muted);border-bottom:1px solid var(--fl-line)}
.body{flex:1;overflow:auto;padding:14px}
form.prechat{display:flex;flex-direction:column;gap:10px}
.greet{margin:0 0 4px}
label{display:block;font-weight:600;font-size:13px;margin-bottom:3px}
input,textarea{width:100%;border:1px solid #cbd5e1;border-radius:8px;padding:8px 10px;background:#fff}
textarea{resize:vertical;min-height:84px}
[aria-invalid=true]{border-color:var(--fl-err)}
.err{color:var(--fl-err);font-size:12.5px;margin:3px 0 0}
.primary{background:var(--fl-accent);color:#fff;border:0;border-radius:8px;padding:10px 14px;font-weight:600;cursor:pointer}
.primary[disabled]{opacity:.6;cursor:progress}
.chat{display:flex;flex-direction:column;min-height:0;flex:1}
.notice{margin:0 0 10px;padding:8px 10px;border-radius:8px;background:#f3f4f6;font-size:13px}
ol.thread{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;display:flex;flex-direction:column}
.msg .who{font-size:11.5px;color:var(--fl-muted);margin:0 4px 2px}
.msg .text{white-space:pre-wrap;overflow-wrap:anywhere;padding:8px 11px;border-radius:12px;background:#f1f5f9}
.msg.customer{align-self:flex-end;align-items:flex-end}
.msg.customer .text{background:var(--fl-accent);color:#fff}
.msg.system{align-self:center;max-width:95%}
.msg.system .text{background:transparent;color:var(--fl-muted);font-style:italic;font-size:13px;text-align:center}
form.composer{display:flex;gap:8px;padding:10px;border-top:1px solid var(--fl-line)}
form.composer textarea{min-height:42px;max-height:140px;resize:none;flex:1}
.typing{margin:6px 4px 0;font-size:12.5px;color:var(--fl-muted);font-style:italic}
.att{display:flex;flex-direction:column;gap:4px;margin-top:4px}
.att img{max-width:180px;max-height:180px;border-radius:8px;border:1px solid var(--fl-line);display:block}
.att a,.att button{color:inherit;text-decoration:underline;background:none;border:0;padding:0;cursor:pointer;text-align:left}
.attach{background:transparent;border:1px solid #cbd5e1;border-radius:8px;width:42px;cursor:pointer;font-size:18px}
.rate{margin:10px 0;padding:10px;border:1px solid var(--fl-line);border-radius:10px;display:flex;flex-direction:column;gap:8px}
.stars{display:flex;gap:4px}
.stars button{width:40px;height:40px;border-radius:8px;border:1px solid #cbd5e1;background:#fff;cursor:pointer;font-size:18px}
.stars button[aria-pressed=true]{background:var(--fl-accent);color:#fff;border-color:var(--fl-accent)}
.tools{display:flex;gap:8px;padding:0 10px 8px}
.cites{margin:4px 4px 0;padding:0 0 0 16px;font-size:12px}.cites a{color:var(--fl-accent)}.human{margin:0 0 8px;text-align:center}
.link{background:none;border:0;color:var(--fl-accent);text-decoration:underline;cursor:pointer;padding:0;font-size:13px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
}
