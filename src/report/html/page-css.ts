/** The dashboard's stylesheet (inlined into the page). */
export const PAGE_CSS = String.raw`
:root{--bg:#f5f6f8;--panel:#fff;--ink:#1d2330;--muted:#667085;--line:#e4e7ec;--accent:#3558d6;
--high:#d92d20;--medium:#f79009;--low:#2e90fa;--info:#98a2b3;--todo:#d92d20;--partial:#e0a100;--done:#12b76a;--unknown:#98a2b3;
--todo-high:#d92d20;--todo-medium:#ef6820;--todo-low:#6f8bad}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
a{color:var(--accent);text-decoration:none}
header.top{background:#101828;color:#fff;padding:18px 28px;display:flex;flex-wrap:wrap;gap:8px 28px;align-items:baseline}
header.top h1{margin:0;font-size:20px;font-weight:650;letter-spacing:.2px;min-width:0;max-width:100%}
/* the paths scanned can be one long word (/tmp/tmp.p3D9kxaMbe/p/fixtures/sample-project): wrapped anywhere, never wider than a phone */
header.top h1 span{color:#98a2b3;font-weight:400;overflow-wrap:anywhere}
header.top .meta{display:flex;flex-wrap:wrap;gap:4px 20px;color:#d0d5dd;font-size:12.5px}
header.top .meta b{color:#fff;font-weight:600}
main{max-width:1400px;margin:0 auto;padding:22px 28px 60px}
section{margin-top:26px}
h2{font-size:15px;margin:0 0 12px;font-weight:650;color:#344054;text-transform:uppercase;letter-spacing:.6px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:16px}
.row{display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(260px,1fr))}
.row.split{grid-template-columns:minmax(300px,1.4fr) minmax(300px,2.6fr);align-items:start}
.heat{min-width:0}
.kpi .n{font-size:30px;font-weight:700;line-height:1.1}
.kpi .l{color:var(--muted);font-size:12.5px}
.sevbar{display:flex;height:10px;border-radius:5px;overflow:hidden;margin:10px 0 8px;background:var(--line)}
.sevbar i{display:block;height:100%}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;color:var(--muted)}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:5px;vertical-align:0}
.gauges{display:flex;gap:18px;justify-content:space-around;flex-wrap:wrap}
.gauge{text-align:center;font-size:12.5px;color:var(--muted)}
.gauge svg{display:block;margin:0 auto}
.cards{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(250px,1fr))}
.card{--tone:var(--unknown);background:var(--panel);border:1px solid var(--line);border-left:4px solid var(--tone);border-radius:10px;padding:12px 14px;display:flex;flex-direction:column;gap:6px;color:inherit;transition:box-shadow .15s}
.card:hover{box-shadow:0 4px 14px rgba(16,24,40,.10)}
/* the tone: done green, partial amber, todo by priority (high red, medium orange, low grey-blue), unknown grey */
.card.done{--tone:var(--done)}.card.partial{--tone:var(--partial)}.card.todo-high{--tone:var(--todo-high)}.card.todo-medium{--tone:var(--todo-medium)}.card.todo-low{--tone:var(--todo-low)}
.card .pill[data-state]{background:var(--tone)}
.sevs{display:flex;flex-wrap:wrap;gap:2px 10px;font-size:12px;color:#475467}
.sevs .sv.high .dot{background:var(--high)}.sevs .sv.medium .dot{background:var(--medium)}.sevs .sv.low .dot{background:var(--low)}.sevs .sv.info{color:var(--muted)}.sevs .sv.info .dot{background:#d0d5dd}
.sevs .sv.high{font-weight:650;color:#b42318}
.card .hd{display:flex;justify-content:space-between;align-items:center;gap:8px}
.card .id{font-weight:700;color:var(--muted);font-size:12px}
.card .t{font-weight:600;font-size:14px}
.card .ft{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;color:var(--muted)}
.card .cnt{font-size:22px;font-weight:700}
.pill{display:inline-block;font-size:11px;font-weight:650;padding:1px 8px;border-radius:999px;color:#fff;background:var(--unknown);text-transform:uppercase;letter-spacing:.4px}
.pill.todo{background:var(--todo)}.pill.partial{background:var(--partial)}.pill.done{background:var(--done)}
/* a todo tag outside a card (overview, burndown) takes its priority's colour, as the cards do */
.pill.todo.todo-high{background:var(--todo-high)}.pill.todo.todo-medium{background:var(--todo-medium)}.pill.todo.todo-low{background:var(--todo-low)}
.prio{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 5px}
.scf{font-size:12px;color:#475467}
.bars .b{display:grid;grid-template-columns:minmax(0,15em) minmax(60px,1fr) 40px;gap:8px;align-items:center;font-size:12.5px;margin:3px 0}
.bars .b span.track{background:var(--line);border-radius:3px;height:8px;overflow:hidden}
.bars .b span.track i{display:block;height:100%;background:var(--accent)}
.bars .b .v{text-align:right;color:var(--muted)}
.bars .lbl{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bars .lbl b{font-weight:650;color:var(--muted)}
/* a wide heat map scrolls sideways in its own box; the page never does */
.heat-scroll{overflow-x:auto;max-width:100%;padding-bottom:4px}
.heat table{border-collapse:separate;border-spacing:2px;font-size:12px}
.heat th{font-weight:600;color:var(--muted);padding:2px 4px}
.heat th.u{vertical-align:top}.heat th.u .num{display:block}
/* the folder names stay in view while the map scrolls sideways */
.heat th.f{position:sticky;left:0;z-index:1;background:var(--panel)}
.heat th.u .name{display:block;margin:4px auto 0;writing-mode:vertical-rl;transform:rotate(180deg);height:11em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:400;color:var(--ink);text-align:left}
.heat th.f{text-align:left;max-width:280px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-weight:400;color:var(--ink)}
.heat td{width:38px;height:24px;text-align:center;border-radius:4px;cursor:pointer;color:#101828}
.heat td.z{color:transparent;background:#f2f4f7;cursor:default}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:10px}
.filters select,.filters input{font:inherit;padding:6px 8px;border:1px solid #d0d5dd;border-radius:6px;background:#fff}
.filters input{min-width:240px}
.frow a.code{color:var(--accent)}.frow a.code:hover{text-decoration:underline}
.filters .count{margin-left:auto;color:var(--muted)}
.filters button{font:inherit;padding:6px 10px;border:1px solid #d0d5dd;border-radius:6px;background:#fff;cursor:pointer}
.grid-head,.frow{display:grid;grid-template-columns:72px 66px minmax(220px,1.7fr) minmax(220px,2fr) minmax(180px,1.6fr) 56px;gap:10px;align-items:center;padding:0 10px}
.grid-head{font-size:12px;font-weight:650;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;height:32px;border-bottom:1px solid var(--line)}
.vp{position:relative;height:560px;overflow:auto;contain:strict}
.frow{position:absolute;left:0;right:0;height:34px;border-bottom:1px solid #f2f4f7;font-size:13px}
.frow:hover{background:#f9fafb}
.frow>*{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.frow .loc,.frow .src{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
.frow .src{color:#475467}
.sev{font-size:11px;font-weight:650;text-transform:uppercase;padding:1px 7px;border-radius:4px;color:#fff;justify-self:start}
.sev.high{background:var(--high)}.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}.sev.info{background:var(--info)}
.fx{font-size:11px;font-weight:600;padding:1px 6px;border-radius:4px;justify-self:start}
.fx.safe{background:#d1fadf;color:#05603a}.fx.unsafe{background:#fef0c7;color:#93370d}
.empty{padding:30px;text-align:center;color:var(--muted)}
.chart svg{display:block;width:100%;height:auto}
.chart .axis{stroke:#d0d5dd}.chart text{fill:var(--muted);font-size:11px}
.minis{display:grid;gap:10px;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));margin-top:14px}
.mini{border:1px solid var(--line);border-radius:8px;padding:8px 10px}
.mini .h{display:flex;justify-content:space-between;align-items:center;gap:6px;font-size:12px}
.mini .h b{font-weight:650}
.note{color:var(--muted);font-size:12.5px}
.errors li{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
@media (max-width:800px){.row.split{grid-template-columns:minmax(0,1fr)}.filters input{min-width:12em;flex:1 1 12em}.filters select{max-width:100%}.grid-head{display:none}.frow{grid-template-columns:70px 64px 1fr;}.frow .msg,.frow .src,.frow .fxc{display:none}main{padding:14px}}
`;
