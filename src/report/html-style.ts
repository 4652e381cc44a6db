/**
 * The style sheet of the HTML pages: one column that fits any width down to a phone's 400 px
 * (charts and diagrams scale with the page; long words and code wrap; the space-time diagram
 * scrolls inside its own box with its lane names kept in view).
 */
export const PAGE_STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:0 auto;padding:1em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin:.3em 0}h1 small{color:#777;font-weight:normal}
h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
h3{margin:1.2em 0 .3em}
p,li,td,th,summary,figcaption{overflow-wrap:anywhere}
table{border-collapse:collapse;font-size:13px;width:100%}
table.wrap{table-layout:fixed}
td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#fafafa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f4f4f4;padding:1px 4px;overflow-wrap:anywhere;word-break:break-all}
svg{max-width:100%;height:auto;display:block}
.muted,.rule{color:#777}
.pass{color:#2e7d32;font-weight:bold}.expected{color:#b26a00;font-weight:bold}.fail{color:#c0392b;font-weight:bold}
.legend{font-size:13px;display:flex;flex-wrap:wrap;gap:.2em 1.2em;margin:.4em 0}
ol.faults{padding-left:0;list-style:none;font-size:14px}
ol.faults li{margin:.15em 0}
.fault-no{color:#c0392b;font-weight:bold}
.lost-note{font-size:13px;color:#a00}
.st-scroll{max-height:75vh;overflow:auto;border:1px solid #e5e5e5;background:#fff}
.st-scroll svg{width:100%;min-width:640px;max-width:none}
.st-head{position:sticky;top:0;background:#fff;border-bottom:1px solid #e5e5e5;z-index:1}
figure{margin:.6em 0}
figcaption{font-size:13px;color:#555;margin-bottom:.3em}
.picker,.filters label{display:block;font-size:14px;margin:.3em 0}
select{max-width:100%;font-size:14px}
.picker select{width:100%}
.filters{display:flex;flex-wrap:wrap;gap:.2em 1.2em;align-items:center}
details{margin:.3em 0}
details summary{cursor:pointer}
.anomaly-group{border:1px solid #eee;border-radius:4px;padding:.3em .6em}
.anomaly-group summary .count{font-weight:bold;color:#c0392b}
.anomaly-group li{margin:.5em 0;font-size:14px}
tr.lost td{color:#a00}
col.time{width:6.5em}col.where{width:8.5em}
.bar{display:block;height:.45em;background:#1f6feb;margin-top:.15em;border-radius:2px}
.bar.bad{background:#c0392b}
.strip{width:100%;min-width:80px;max-width:220px}
.scroll-x{overflow-x:auto}
.kv{display:grid;grid-template-columns:fit-content(55%) minmax(0,1fr);gap:.1em 1em;font-size:14px}
.kv>span{min-width:0;overflow-wrap:anywhere}
@media (max-width:600px){
  body{padding:.5em;font-size:15px}
  col.time{width:5.2em}col.where{width:6.8em}
  table{font-size:12px}
}
`;
