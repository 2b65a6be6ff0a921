// marsad web UI: plain JavaScript, no build step, no outside resources.
// Pages are routed by the URL hash (#/, #/story/ID, #/article/ID,
// #/entities, #/entity/ID, #/search?q=..., #/watch). Every text from the store is put
// in the page with textContent (never as HTML), except search snippets,
// which the server escapes and marks up.
'use strict';

const I18N = {
  ar: {
    brand: 'مرصد', nav_stories: 'القصص', nav_entities: 'الكيانات', nav_search: 'البحث',
    search_placeholder: 'ابحث عن كلمة أو اسم…', lang_button: 'English',
    footer: 'مرصد: سجلّ الأخبار العربية عن النزاعات — الأرقام كما نقلها كل مصدر، دون متوسطات.',
    stories_title: 'القصص', activity: 'التقارير في اليوم', from: 'من', to: 'إلى', entity: 'كيان',
    event_type: 'نوع الحدث', country: 'الدولة (ISO3)', status: 'حالة الهدنة', words: 'كلمات', apply: 'تطبيق',
    reset: 'مسح', any: 'الكل', reports: 'تقارير', sources: 'المصادر', no_stories: 'لا قصص تطابق هذه المرشحات.',
    stories_count: 'قصة', summary: 'الملخص', timeline: 'التسلسل الزمني', ceasefires: 'سجل وقف إطلاق النار',
    claims: 'الأرقام حسب المصدر', claims_note: 'الصفوف الملوّنة: المصادر تختلف في الرقم.', what: 'ماذا',
    value: 'القيمة', as_written: 'كما ورد', source: 'المصدر', said_by: 'على لسان', date: 'التاريخ',
    disputed: 'متنازع عليه', undated: 'غير مؤرخ', parties: 'الأطراف', declared_by: 'أعلنه', mediators: 'الوسطاء',
    declared: 'تاريخ الإعلان', effective: 'يسري من', purpose: 'الغرض', provisions: 'البنود',
    status_history: 'تاريخ الحالة', kind: 'النوع', side_by_side: 'المصادر جنبًا إلى جنب', none: 'لا شيء',
    legend_per: 'شخص', legend_org: 'منظمة', legend_loc: 'مكان', legend_date: 'تاريخ', legend_num: 'رقم',
    legend_quote: 'اقتباس', entities_title: 'الكيانات', name: 'الاسم', type: 'النوع', articles: 'المقالات',
    variants: 'صيغ الكتابة', kb_names: 'الأسماء في قاعدة المعرفة', stories_of: 'القصص', occurrences: 'مرات',
    search_title: 'البحث', search_button: 'ابحث', results: 'نتيجة', no_results: 'لا نتائج.',
    matched_entity: 'يشمل البحث الكيان', via_entity: 'بالاسم', via_text: 'بالنص', open_story: 'القصة',
    open_article: 'المقال', not_found: 'غير موجود.', error: 'خطأ', article: 'المقال', story: 'القصة',
    filter_entities: 'تصفية الكيانات…', role: 'الدور', duplicate_of: 'نسخة من', back: 'رجوع',
    PER: 'شخص', ORG: 'منظمة', LOC: 'مكان', GPE: 'دولة/مدينة', MISC: 'أخرى',
    nav_watch: 'المراقبة', watch_title: 'المصادر المراقبة', watch_none: 'لا مصدر تحت المراقبة بعد. شغّل: marsad watch --db DB --sources FILE',
    last_success: 'آخر نجاح', last_error: 'آخر خطأ', polls: 'مرات الجلب', not_modified: 'دون تغيير (304)',
    next_due: 'الجلب التالي', failures: 'إخفاقات متتالية', state_ok: 'يعمل', state_failing: 'متعثّر',
    state_never: 'لم يُجلب بعد', alerts_title: 'التنبيهات الأخيرة', no_alerts: 'لا تنبيهات.', change: 'التغيير',
    rule: 'القاعدة', time: 'الوقت', failing_sources: 'مصادر متعثرة', newest: 'الأحدث:', source_state: 'الحالة',
  },
  en: {
    brand: 'Marsad', nav_stories: 'Stories', nav_entities: 'Entities', nav_search: 'Search',
    search_placeholder: 'Search a word or a name…', lang_button: 'العربية',
    footer: 'Marsad: a record of Arabic conflict news — figures as each source gave them, never averaged.',
    stories_title: 'Stories', activity: 'Reports per day', from: 'From', to: 'To', entity: 'Entity',
    event_type: 'Event type', country: 'Country (ISO3)', status: 'Ceasefire status', words: 'Words', apply: 'Apply',
    reset: 'Clear', any: 'Any', reports: 'reports', sources: 'Sources', no_stories: 'No stories match these filters.',
    stories_count: 'stories', summary: 'Summary', timeline: 'Timeline', ceasefires: 'Ceasefire record',
    claims: 'Figures by source', claims_note: 'Shaded rows: the sources disagree on the figure.', what: 'What',
    value: 'Value', as_written: 'As written', source: 'Source', said_by: 'Said by', date: 'Date',
    disputed: 'disputed', undated: 'undated', parties: 'Parties', declared_by: 'Declared by', mediators: 'Mediators',
    declared: 'Declared', effective: 'Effective', purpose: 'Purpose', provisions: 'Provisions',
    status_history: 'Status history', kind: 'Kind', side_by_side: 'Sources side by side', none: 'none',
    legend_per: 'person', legend_org: 'organisation', legend_loc: 'place', legend_date: 'date', legend_num: 'number',
    legend_quote: 'quote', entities_title: 'Entities', name: 'Name', type: 'Type', articles: 'Articles',
    variants: 'Spellings', kb_names: 'Names in the knowledge base', stories_of: 'Stories', occurrences: 'times',
    search_title: 'Search', search_button: 'Search', results: 'results', no_results: 'No results.',
    matched_entity: 'Also searching for the entity', via_entity: 'by name', via_text: 'by text', open_story: 'story',
    open_article: 'article', not_found: 'Not found.', error: 'Error', article: 'Article', story: 'Story',
    filter_entities: 'Filter entities…', role: 'Role', duplicate_of: 'copy of', back: 'Back',
    PER: 'person', ORG: 'organisation', LOC: 'place', GPE: 'country/city', MISC: 'other',
    nav_watch: 'Monitoring', watch_title: 'Watched sources', watch_none: 'No source is watched yet. Run: marsad watch --db DB --sources FILE',
    last_success: 'Last success', last_error: 'Last error', polls: 'Polls', not_modified: 'Unchanged (304)',
    next_due: 'Next poll', failures: 'Failures in a row', state_ok: 'working', state_failing: 'failing',
    state_never: 'not fetched yet', alerts_title: 'Latest alerts', no_alerts: 'No alerts.', change: 'Change',
    rule: 'Rule', time: 'Time', failing_sources: 'failing sources', newest: 'Showing the newest', source_state: 'State',
  },
};

const EVENT_TYPES = ['ceasefire_proposed', 'ceasefire_agreed', 'ceasefire_announced_unilateral', 'ceasefire_in_effect',
  'ceasefire_extended', 'ceasefire_violated', 'ceasefire_collapsed', 'talks_held', 'attack', 'clashes'];
const STATUSES = ['proposed', 'agreed', 'declared', 'in_effect', 'extended', 'violated', 'collapsed'];

let lang = localStorage.getItem('marsad.lang') === 'en' ? 'en' : 'ar';
const t = (k) => (I18N[lang][k] !== undefined ? I18N[lang][k] : k);

// ------------------------------------------------------------------ helpers

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const svgEl = (tag, attrs) => {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
};
// Dates and numbers stay left-to-right inside Arabic text.
const bdi = (s, cls) => el('bdi', { class: cls ? `ltr ${cls}` : 'ltr', dir: 'ltr' }, s || '');
const fmtNum = (v) => (typeof v === 'number' ? v.toLocaleString(lang === 'ar' ? 'ar-EG' : 'en-US') : String(v));
const enc = encodeURIComponent;

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch (_) { body = { error: r.statusText }; }
  if (!r.ok) {
    const err = new Error(body && body.error ? body.error : String(r.status));
    err.status = r.status;
    throw err;
  }
  return body;
}

const app = () => document.getElementById('app');
function show(...nodes) {
  const root = app();
  root.replaceChildren(...nodes);
}
function showError(e) {
  show(el('div', { class: 'error', role: 'alert' }, e.status === 404 ? t('not_found') : `${t('error')}: ${e.message}`));
}

function applyStaticStrings() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('brand');
  for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
  for (const n of document.querySelectorAll('[data-i18n-placeholder]')) n.placeholder = t(n.dataset.i18nPlaceholder);
  document.getElementById('lang-toggle').textContent = t('lang_button');
}

// ------------------------------------------------------------ highlighting

// Spans arrive in code points of the original text. JS strings index UTF-16
// units, so work on Array.from(text) (one element per code point).
function highlightedText(article) {
  const cps = Array.from(article.text || '');
  const spans = [];
  const add = (s, e, cls, title, href) => {
    if (!(Number.isInteger(s) && Number.isInteger(e)) || s < 0 || e > cps.length || s >= e) return;
    spans.push({ s, e, cls, title, href });
  };
  for (const q of article.quotes || []) add(q.start, q.end, 'quote', q.speaker_name ? `${t('said_by')}: ${q.speaker_name}` : t('legend_quote'));
  for (const d of article.timexes || []) add(d.start, d.end, 'date', d.value || '');
  for (const n of article.numbers || []) add(n.start, n.end, 'num', `${n.value}${n.what && n.what !== 'other' ? ' · ' + n.what : ''}`);
  for (const m of article.mentions || [])
    add(m.start, m.end, `ent ent-${m.type}`, [m.name, m.type].filter(Boolean).join(' · '), m.entity ? `#/entity/${enc(m.entity)}` : null);
  // Cut the text at every span boundary; each piece carries the spans over it.
  const cuts = new Set([0, cps.length]);
  for (const sp of spans) { cuts.add(sp.s); cuts.add(sp.e); }
  const points = [...cuts].sort((a, b) => a - b);
  const root = el('div', { class: 'article-text', lang: 'ar', dir: 'rtl' });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = cps.slice(a, b).join('');
    const over = spans.filter((sp) => sp.s <= a && b <= sp.e);
    if (!over.length) { root.append(document.createTextNode(piece)); continue; }
    // Outer spans first (quotes), the innermost (entity) last so its link wins.
    let node = document.createTextNode(piece);
    over.sort((x, y) => (y.e - y.s) - (x.e - x.s));
    for (let k = over.length - 1; k >= 0; k--) {
      const sp = over[k];
      const wrap = sp.href && k === over.length - 1
        ? el('a', { class: sp.cls, href: sp.href, title: sp.title })
        : el('span', { class: sp.cls, title: sp.title });
      wrap.append(node);
      node = wrap;
    }
    root.append(node);
  }
  return root;
}

function legend() {
  return el('div', { class: 'legend' },
    el('span', { class: 'l-per' }, t('legend_per')), el('span', { class: 'l-org' }, t('legend_org')),
    el('span', { class: 'l-loc' }, t('legend_loc')), el('span', { class: 'l-date' }, t('legend_date')),
    el('span', { class: 'l-num' }, t('legend_num')), el('span', { class: 'l-quote' }, t('legend_quote')));
}

// ------------------------------------------------------------------- chart

function activityChart(activity) {
  const W = 900, H = 150, pad = { l: 40, r: 40, t: 10, b: 26 };
  const svg = svgEl('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('activity') });
  if (!activity.length) return svg;
  // A continuous time axis, so quiet days show as gaps; over half a year,
  // one bar per month keeps the bars readable.
  const day = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
  const monthly = day(activity[activity.length - 1].date) - day(activity[0].date) > 180;
  const key = (s) => (monthly ? s.slice(0, 7) : s);
  const buckets = new Map();
  for (const a of activity) buckets.set(key(a.date), (buckets.get(key(a.date)) || 0) + a.count);
  const index = (k) => (monthly ? (+k.slice(0, 4)) * 12 + (+k.slice(5, 7)) - 1 : day(k));
  const keys = [...buckets.keys()];
  const i0 = index(keys[0]), i1 = index(keys[keys.length - 1]);
  const span = Math.max(1, i1 - i0 + 1);
  const max = Math.max(...buckets.values());
  const iw = W - pad.l - pad.r, ih = H - pad.t - pad.b;
  const slot = iw / span;
  const bw = Math.max(2, Math.min(40, slot * 0.8));
  for (const frac of [0, 0.5, 1]) {
    const y = pad.t + ih * (1 - frac);
    svg.append(svgEl('line', { class: 'grid', x1: pad.l, x2: W - pad.r, y1: y, y2: y }));
    const lab = svgEl('text', { class: 'axis', x: pad.l - 6, y: y + 4, 'text-anchor': 'end' });
    lab.textContent = String(Math.round(max * frac));
    svg.append(lab);
  }
  // Time runs right-to-left in Arabic, left-to-right in English.
  const rtl = lang === 'ar';
  const center = (k) => {
    const c = pad.l + (index(k) - i0 + 0.5) * slot;
    return rtl ? W - c : c;
  };
  for (const [k, n] of buckets) {
    const h = (n / max) * ih;
    const r = svgEl('rect', { class: 'bar', x: center(k) - bw / 2, y: pad.t + ih - h, width: bw, height: Math.max(h, 1) });
    const tip = svgEl('title');
    tip.textContent = `${k}: ${n}`;
    r.append(tip);
    svg.append(r);
  }
  const label = (k) => {
    const x = Math.min(W - 4, Math.max(4, center(k)));
    const e = svgEl('text', { class: 'axis', x, y: H - 6, 'text-anchor': x < 60 ? 'start' : x > W - 60 ? 'end' : 'middle' });
    e.textContent = k;
    svg.append(e);
  };
  label(keys[0]);
  if (keys.length > 1) label(keys[keys.length - 1]);
  return svg;
}

// ------------------------------------------------------------------- pages

function storyCard(s) {
  const dates = s.first_seen === s.last_seen ? s.first_seen : `${s.first_seen || '?'} … ${s.last_seen || '?'}`;
  return el('article', { class: 'card', 'data-story': s.id },
    el('h3', {}, el('a', { href: `#/story/${enc(s.id)}` }, s.title || s.id)),
    el('div', { class: 'meta' }, bdi(dates || t('undated')), el('span', {}, `${fmtNum(s.articles)} ${t('reports')}`),
      s.status ? el('span', { class: `badge status-${s.status}` }, s.status) : null),
    s.summary ? el('div', { class: 'summary' }, s.summary) : null,
    el('div', { class: 'chips' }, ...(s.sources || []).slice(0, 6).map((x) => el('span', { class: 'badge' }, x))));
}

async function pageStories(params) {
  show(el('div', { class: 'loading' }, '…'));
  const keys = ['from', 'to', 'entity', 'event_type', 'country', 'status', 'q'];
  const qs = keys.filter((k) => params.get(k)).map((k) => `${k}=${enc(params.get(k))}`).join('&');
  const data = await api(`/api/stories${qs ? '?' + qs : ''}`);
  const input = (k, type = 'text') => el('label', {}, t(k), el('input', { name: k, type, value: params.get(k) || '' }));
  const select = (k, options) => el('label', {}, t(k), el('select', { name: k },
    el('option', { value: '' }, t('any')),
    ...options.map((o) => el('option', { value: o, selected: params.get(k) === o ? 'selected' : null }, o))));
  const form = el('form', { class: 'filters panel', id: 'story-filters' },
    input('from', 'date'), input('to', 'date'), input('entity'), select('event_type', EVENT_TYPES), input('country'),
    select('status', STATUSES), input('words'),
    el('div', {}, el('button', { class: 'primary', type: 'submit' }, t('apply')), ' ',
      el('button', { class: 'link', type: 'button', onclick: () => { location.hash = '#/'; } }, t('reset'))));
  form.querySelector('[name=words]').value = params.get('q') || '';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const p = new URLSearchParams();
    for (const k of keys) {
      const v = (f.get(k === 'q' ? 'words' : k) || '').trim();
      if (v) p.set(k, v);
    }
    location.hash = `#/?${p.toString()}`;
  });
  show(
    el('h1', {}, t('stories_title')),
    form,
    el('section', { class: 'panel' }, el('h3', {}, t('activity')), activityChart(data.activity || [])),
    el('p', { class: 'muted', id: 'story-count' }, `${fmtNum(data.total)} ${t('stories_count')}`),
    data.stories.length ? el('div', { class: 'cards', id: 'story-list' }, data.stories.map(storyCard))
      : el('p', { class: 'muted' }, t('no_stories')));
}

function list(values) {
  return values && values.length ? values.join('، ') : '—';
}

function ceasefirePanel(c) {
  const row = (k, v) => el('tr', {}, el('th', {}, t(k)), el('td', {}, v));
  const steps = el('div', { class: 'steps' });
  (c.status_history || []).forEach((h, i) => {
    if (i) steps.append(el('span', { class: 'arrow' }, lang === 'ar' ? '←' : '→'));
    steps.append(el('span', { class: `badge status-${h.status}`, title: list(h.sources) }, h.status, ' ', bdi(h.date || t('undated'))));
  });
  return el('div', { class: 'panel ceasefire' },
    el('h3', {}, list(c.parties), ' ', el('span', { class: `badge status-${c.status}` }, c.status)),
    el('table', {}, el('tbody', {},
      row('kind', c.kind || '—'), row('declared_by', list(c.declared_by)), row('mediators', list(c.mediators)),
      row('declared', bdi(c.declared || '—')), row('effective', bdi(c.effective || '—')), row('purpose', c.purpose || '—'),
      row('provisions', list(c.provisions)), row('status_history', steps), row('sources', list(c.sources)))));
}

async function pageStory(id) {
  show(el('div', { class: 'loading' }, '…'));
  const s = await api(`/api/stories/${enc(id)}`);
  const dates = s.first_seen === s.last_seen ? s.first_seen : `${s.first_seen || '?'} … ${s.last_seen || '?'}`;
  const nodes = [
    el('h1', { id: 'story-title' }, s.title || s.id),
    el('div', { class: 'meta' }, bdi(dates || ''), el('span', {}, `${fmtNum(s.articles.length)} ${t('reports')}`),
      el('span', {}, `${t('sources')}: ${s.sources.length}`)),
  ];
  if (s.summary) nodes.push(el('section', { class: 'panel' }, el('h3', {}, t('summary')), el('p', { class: 'article-text' }, s.summary)));
  if (s.timeline.length) {
    nodes.push(el('h2', {}, t('timeline')), el('ol', { class: 'timeline panel', id: 'timeline' }, s.timeline.map((e) =>
      el('li', {}, el('div', {}, bdi(e.date || t('undated'), 'when'), ' ', el('span', { class: 'badge' }, e.type),
        e.mode && e.mode !== 'asserted' ? el('span', { class: 'badge warn' }, e.mode) : null, ' ',
        el('span', { class: 'muted small' }, list(e.sources))),
      el('div', { class: 'text' }, e.text)))));
  }
  if (s.ceasefires.length) nodes.push(el('h2', {}, t('ceasefires')), el('div', { id: 'ceasefires' }, s.ceasefires.map(ceasefirePanel)));
  if (s.claims.length) {
    nodes.push(el('h2', {}, t('claims')), el('p', { class: 'muted small' }, t('claims_note')),
      el('div', { class: 'table-wrap panel' }, el('table', { id: 'claims' },
        el('thead', {}, el('tr', {}, ...['what', 'value', 'as_written', 'source', 'said_by', 'date'].map((k) => el('th', {}, t(k))))),
        el('tbody', {}, s.claims.map((c) => el('tr', { class: c.disputed ? 'disputed' : '' },
          el('td', {}, c.what, c.disputed ? el('span', { class: 'badge warn' }, ' ', t('disputed')) : null),
          el('td', { class: 'num' }, fmtNum(c.value), c.qualifier ? ` (${c.qualifier})` : ''),
          el('td', {}, c.surface),
          el('td', {}, el('a', { href: `#/article/${enc(c.article)}` }, c.source || c.article)),
          el('td', {}, c.said_by || '—'), el('td', {}, bdi(c.date || '—'))))))));
  }
  const cols = el('div', { class: 'sources', id: 'sources' });
  nodes.push(el('h2', {}, t('side_by_side')), legend(), cols);
  show(...nodes);
  // Each source's text with its highlights, side by side.
  const articles = await Promise.all(s.articles.map((a) => api(`/api/articles/${enc(a.id)}`).catch(() => null)));
  articles.forEach((a, i) => {
    const meta = s.articles[i];
    cols.append(el('section', { class: 'source', 'data-article': meta.id },
      el('header', {}, el('div', { class: 'outlet' }, meta.source || meta.id),
        el('div', { class: 'meta' }, bdi(meta.published || t('undated')),
          el('a', { href: `#/article/${enc(meta.id)}` }, t('open_article')),
          meta.duplicate_of ? el('span', { class: 'badge' }, `${t('duplicate_of')} ${meta.duplicate_of}`) : null)),
      el('div', { class: 'body' }, a ? highlightedText(a) : el('div', { class: 'error' }, t('not_found')))));
  });
}

async function pageArticle(id) {
  show(el('div', { class: 'loading' }, '…'));
  const a = await api(`/api/articles/${enc(id)}`);
  show(
    el('h1', {}, a.title || a.id),
    el('div', { class: 'meta' }, el('strong', {}, a.source || ''), bdi(a.published || t('undated')),
      a.story ? el('a', { href: `#/story/${enc(a.story)}` }, `${t('story')} ${a.story}`) : null,
      a.url ? el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, a.url) : null),
    legend(),
    el('div', { class: 'panel' }, highlightedText(a)));
}

async function pageEntities(params) {
  show(el('div', { class: 'loading' }, '…'));
  const q = params.get('q') || '';
  const data = await api(`/api/entities?limit=300${q ? '&q=' + enc(q) : ''}`);
  const form = el('form', { class: 'searchbar' }, el('input', { type: 'search', name: 'q', value: q, placeholder: t('filter_entities') }),
    el('button', { class: 'primary', type: 'submit' }, t('search_button')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = `#/entities?q=${enc(form.q.value.trim())}`; });
  show(el('h1', {}, t('entities_title')), form,
    el('p', { class: 'muted' }, fmtNum(data.total)),
    el('div', { class: 'table-wrap panel' }, el('table', { id: 'entities' },
      el('thead', {}, el('tr', {}, ...['name', 'type', 'country', 'articles', 'variants'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, data.entities.map((e) => el('tr', {},
        el('td', {}, el('a', { href: `#/entity/${enc(e.entity)}` }, e.variants[0] ? e.variants[0].surface : e.name),
          el('div', { class: 'muted small', dir: 'ltr' }, e.name || e.entity)),
        el('td', {}, t(e.type)), el('td', {}, e.country || '—'), el('td', { class: 'num' }, fmtNum(e.articles)),
        el('td', {}, e.variants.map((v) => v.surface).join('، '))))))));
}

async function pageEntity(id) {
  show(el('div', { class: 'loading' }, '…'));
  const e = await api(`/api/entities/${enc(id)}`);
  show(
    el('h1', { id: 'entity-title' }, e.variants[0] ? e.variants[0].surface : e.name, ' ',
      el('span', { class: 'muted small', dir: 'ltr' }, e.name)),
    el('div', { class: 'meta' }, el('span', { class: 'badge' }, t(e.type)), e.country ? el('span', {}, `${t('country')}: ${e.country}`) : null,
      e.role ? el('span', {}, `${t('role')}: ${e.role}`) : null, el('span', {}, `${fmtNum(e.articles)} ${t('articles')}`)),
    el('div', { class: 'grid2' },
      el('section', {}, el('h2', {}, t('stories_of'), ' ', el('span', { class: 'muted small' }, fmtNum(e.stories_total ?? e.stories.length))),
        e.stories.length ? el('div', { class: 'cards' }, e.stories.map(storyCard)) : el('p', { class: 'muted' }, t('none')),
        e.stories_total > e.stories.length ? el('p', { class: 'muted small' }, `${t('newest')} ${fmtNum(e.stories.length)}`) : null),
      el('section', {},
        el('h2', {}, t('variants')),
        el('div', { class: 'panel' }, el('table', { id: 'variants' }, el('tbody', {}, e.variants.map((v) =>
          el('tr', {}, el('td', { class: 'article-text' }, v.surface), el('td', { class: 'num' }, `${fmtNum(v.count)} ${t('occurrences')}`)))))),
        e.kb_names.length ? el('div', {}, el('h2', {}, t('kb_names')), el('div', { class: 'panel article-text' }, e.kb_names.join('، '))) : null)));
}

async function pageSearch(params) {
  const q = params.get('q') || '';
  const form = el('form', { class: 'searchbar', id: 'search-form' },
    el('input', { type: 'search', name: 'q', value: q, placeholder: t('search_placeholder'), autofocus: 'autofocus' }),
    el('button', { class: 'primary', type: 'submit' }, t('search_button')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = `#/search?q=${enc(form.q.value.trim())}`; });
  if (!q) { show(el('h1', {}, t('search_title')), form); return; }
  show(el('h1', {}, t('search_title')), form, el('div', { class: 'loading' }, '…'));
  const data = await api(`/api/search?q=${enc(q)}&limit=100`);
  const ents = (data.entities || []).filter((e) => e.in_store);
  show(el('h1', {}, t('search_title')), form,
    ents.length ? el('p', { class: 'muted' }, `${t('matched_entity')}: `,
      ...ents.map((e) => el('a', { class: 'badge', href: `#/entity/${enc(e.entity)}` }, e.name))) : null,
    el('p', { class: 'muted', id: 'result-count' }, `${fmtNum(data.total)} ${t('results')}`),
    data.hits.length ? el('div', { class: 'panel', id: 'results' }, data.hits.map((h) => {
      const snippet = el('div', { class: 'snippet' });
      snippet.innerHTML = h.snippet_html;  // escaped by the server; only <mark> tags
      return el('div', { class: 'hit', 'data-article': h.article },
        el('div', {}, el('a', { href: `#/article/${enc(h.article)}` }, h.title || h.article)),
        el('div', { class: 'meta' }, el('span', {}, h.source), bdi(h.published || ''),
          h.story ? el('a', { href: `#/story/${enc(h.story)}` }, t('open_story')) : null,
          ...h.via.map((v) => el('span', { class: 'badge' }, t(`via_${v}`)))),
        snippet);
    })) : el('p', { class: 'muted' }, t('no_results')));
}

// What `marsad watch` is doing: each source's health, and the latest alerts.
async function pageWatch() {
  show(el('div', { class: 'loading' }, '…'));
  const [w, a] = await Promise.all([api('/api/watch'), api('/api/alerts?limit=50')]);
  const nodes = [el('h1', {}, t('watch_title'))];
  if (!w.watching) {
    nodes.push(el('p', { class: 'muted', id: 'watch-none' }, t('watch_none')));
  } else {
    const tot = w.totals || {};
    nodes.push(el('p', { class: 'muted', id: 'watch-totals' }, `${fmtNum(tot.sources || 0)} ${t('sources')} · `,
      `${fmtNum(tot.articles || 0)} ${t('articles')} · `,
      el('span', { class: tot.failing ? 'warn-text' : '' }, `${fmtNum(tot.failing || 0)} ${t('failing_sources')}`)));
    const when = (v) => (v ? bdi(v.replace('T', ' ').replace('Z', ' UTC')) : '—');
    nodes.push(el('div', { class: 'table-wrap panel' }, el('table', { id: 'watch-sources' },
      el('thead', {}, el('tr', {}, ...['source', 'source_state', 'last_success', 'last_error', 'articles', 'polls', 'not_modified', 'next_due']
        .map((k) => el('th', {}, t(k))))),
      el('tbody', {}, w.sources.map((s) => el('tr', { class: s.state === 'failing' ? 'disputed' : '', 'data-source': s.source },
        el('td', { dir: 'ltr', class: 'src' }, s.source),
        el('td', {}, el('span', { class: `badge state-${s.state}` }, t(`state_${s.state}`)),
          s.failures ? el('div', { class: 'muted small' }, `${t('failures')}: ${fmtNum(s.failures)}`) : null),
        el('td', {}, when(s.last_success)),
        el('td', {}, s.last_error ? el('div', {}, el('div', { dir: 'ltr', class: 'small' }, s.last_error), when(s.last_error_at)) : '—'),
        el('td', { class: 'num' }, fmtNum(s.articles)), el('td', { class: 'num' }, fmtNum(s.polls)),
        el('td', { class: 'num' }, fmtNum(s.not_modified)), el('td', {}, when(s.next_due))))))));
  }
  nodes.push(el('h2', {}, t('alerts_title')));
  nodes.push(a.alerts.length ? el('div', { class: 'table-wrap panel' }, el('table', { id: 'alerts' },
    el('thead', {}, el('tr', {}, ...['time', 'rule', 'story', 'change', 'sources'].map((k) => el('th', {}, t(k))))),
    el('tbody', {}, a.alerts.map((x) => el('tr', {},
      el('td', {}, bdi((x.time || '').replace('T', ' ').replace('Z', ''))), el('td', {}, x.rule || x.kind || ''),
      el('td', {}, x.story ? el('a', { href: `#/story/${enc(x.story)}` }, x.title || x.story) : '—'),
      el('td', {}, x.change || ''), el('td', {}, list(x.sources)))))))
    : el('p', { class: 'muted', id: 'no-alerts' }, t('no_alerts')));
  show(...nodes);
}

// ----------------------------------------------------------------- routing

async function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const section = parts[0] === 'entities' || parts[0] === 'entity' ? 'entities'
    : parts[0] === 'search' ? 'search' : parts[0] === 'watch' ? 'watch' : 'stories';
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === section);
  try {
    if (!parts.length) await pageStories(params);
    else if (parts[0] === 'story' && parts[1]) await pageStory(parts[1]);
    else if (parts[0] === 'article' && parts[1]) await pageArticle(parts[1]);
    else if (parts[0] === 'entities') await pageEntities(params);
    else if (parts[0] === 'entity' && parts[1]) await pageEntity(parts[1]);
    else if (parts[0] === 'search') await pageSearch(params);
    else if (parts[0] === 'watch') await pageWatch();
    else showError({ status: 404, message: '' });
  } catch (e) {
    showError(e);
  }
  document.body.dataset.ready = hash;  // for tests: the page has rendered
}

document.getElementById('lang-toggle').addEventListener('click', () => {
  lang = lang === 'ar' ? 'en' : 'ar';
  localStorage.setItem('marsad.lang', lang);
  applyStaticStrings();
  route();
});
document.getElementById('quick-search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = document.getElementById('quick-q').value.trim();
  if (q) location.hash = `#/search?q=${enc(q)}`;
});
window.addEventListener('hashchange', route);
applyStaticStrings();
route();
