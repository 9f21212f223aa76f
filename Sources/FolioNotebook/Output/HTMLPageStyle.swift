/// The style sheet of every page (and of the index): GitHub-like type, light and dark
/// schemes following the reader's setting (`prefers-color-scheme`), callouts for the five
/// alert kinds, tables that scroll sideways with shadows at the clipped edge, and a print
/// style (no contents box or anchors, tables whole, figures not cut across pages).
enum HTMLPageStyle {
    static let css = """
    :root { color-scheme: light dark; --bg: #ffffff; --page: #f6f8fa; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0;
      --soft: #eef1f4; --code: rgba(129, 139, 152, .14); --link: #0969da; --shadow: rgba(31, 35, 40, .28);
      --note: #0969da; --tip: #1a7f37; --important: #8250df; --warning: #9a6700; --caution: #cf222e; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #0d1117; --page: #010409; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --soft: #151b23;
        --code: rgba(101, 108, 118, .25); --link: #4493f8; --shadow: rgba(145, 152, 161, .5);
        --note: #4493f8; --tip: #3fb950; --important: #ab7df8; --warning: #d29922; --caution: #f85149; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--page); color: var(--fg); font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
    main { max-width: 1012px; margin: 0 auto; padding: 32px 40px 64px; background: var(--bg); border-left: 1px solid var(--border); border-right: 1px solid var(--border); min-height: 100vh; }
    @media (max-width: 700px) { main { padding: 16px 14px 40px; border: 0; } body { font-size: 14px; } }
    main > :first-child { margin-top: 0; }
    a { color: var(--link); }
    h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin-top: 1.6em; position: relative; }
    h1 { font-size: 1.9em; border-bottom: 1px solid var(--border); padding-bottom: .3em; }
    h2 { font-size: 1.45em; border-bottom: 1px solid var(--border); padding-bottom: .25em; }
    h1, h2, h3, h4, h5, h6, p, li, td, th { overflow-wrap: break-word; }
    .anchor { float: left; margin-left: -1.1em; width: 1.1em; color: var(--muted); text-decoration: none; opacity: 0; font-weight: 400; }
    h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor, h5:hover .anchor, h6:hover .anchor, .anchor:focus { opacity: 1; }
    .toc { border: 1px solid var(--border); border-radius: 6px; padding: .6em 1.2em; margin: 1em 0 1.5em; background: var(--soft); font-size: 14px; }
    .toc-title { font-weight: 600; margin: 0 0 .3em; }
    .toc ul { margin: 0; padding-left: 1.1em; }
    .toc ul.toc-columns { columns: 2 18em; column-gap: 2em; }
    .toc li { break-inside: avoid; }
    .toc .toc-h3 { margin-left: 1.2em; list-style: circle; }
    .table-scroll { overflow-x: auto; margin: 1em 0; max-width: 100%;
      background: linear-gradient(to right, var(--bg) 30%, transparent) left / 40px 100% no-repeat local,
        linear-gradient(to left, var(--bg) 30%, transparent) right / 40px 100% no-repeat local,
        radial-gradient(farthest-side at 0 50%, var(--shadow), transparent) left / 14px 100% no-repeat scroll,
        radial-gradient(farthest-side at 100% 50%, var(--shadow), transparent) right / 14px 100% no-repeat scroll;
      scrollbar-color: var(--muted) transparent; }
    .table-scroll:focus { outline: 2px solid var(--link); outline-offset: 2px; }
    table { border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
    th, td { border: 1px solid var(--border); padding: 5px 10px; }
    th { background: var(--code); font-weight: 600; }
    tr:nth-child(even) td { background: rgba(129, 139, 152, .07); }
    code { background: var(--code); padding: .1em .35em; border-radius: 4px; font-size: 90%; }
    pre { background: var(--soft); padding: 12px 16px; overflow-x: auto; border-radius: 6px; }
    pre code { background: none; padding: 0; }
    blockquote { margin: 1em 0; padding: .25em 1em; border-left: 4px solid var(--border); color: var(--muted); }
    .alert { margin: 1em 0; padding: .5em 1em; border-left: 4px solid var(--alert); border-radius: 0 6px 6px 0;
      background: color-mix(in srgb, var(--alert) 8%, transparent); }
    .alert > :last-child { margin-bottom: .3em; }
    .alert-title { color: var(--alert); font-weight: 600; margin: .2em 0 .4em; display: flex; align-items: center; gap: .5em; }
    .alert-symbol { display: inline-flex; align-items: center; justify-content: center; width: 1.35em; height: 1.35em; border-radius: 50%;
      background: var(--alert); color: var(--bg); font-size: .8em; font-weight: 700; }
    .alert-note { --alert: var(--note); } .alert-tip { --alert: var(--tip); } .alert-important { --alert: var(--important); }
    .alert-warning { --alert: var(--warning); } .alert-caution { --alert: var(--caution); }
    .figure { display: block; margin: 1em 0; }
    .figure svg { max-width: 100%; height: auto; display: block; border-radius: 6px; }
    @media (prefers-color-scheme: dark) { .figure svg { outline: 1px solid var(--border); } }
    img { max-width: 100%; }
    .index td.number { text-align: right; }
    .index .stale { color: var(--warning); font-weight: 600; }
    .index .failed { color: var(--caution); font-weight: 600; }
    @media print {
      :root { color-scheme: light; --bg: #fff; --page: #fff; --fg: #000; --muted: #444; --border: #bbb; --shadow: transparent; }
      body { font-size: 10.5pt; background: #fff; }
      main { max-width: none; padding: 0; border: 0; }
      .toc, .anchor { display: none; }
      a { color: inherit; }
      .table-scroll { overflow: visible; background: none; }
      table { font-size: 8pt; width: 100%; }
      th, td { padding: 2px 4px; }
      td code, td a { overflow-wrap: anywhere; }
      thead { display: table-header-group; }
      tr, .figure, .alert, pre { break-inside: avoid; }
      h1, h2, h3 { break-after: avoid; }
    }
    """
}
