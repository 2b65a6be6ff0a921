#!/usr/bin/env python3
"""Writes the web-ingest test fixtures and the extraction evaluation set.

Run from anywhere: python3 tests/data/web/make_fixtures.py
Every page is written here (fictional reports from articles.py wrapped in
imitations of Arabic news-site chrome); nothing is copied from real sites.
Outputs are committed, so tests do not need Python.
"""
import gzip, html, io, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from articles import ARTICLES  # noqa: E402

A = {a["slug"]: a for a in ARTICLES}
E = html.escape

MENU = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "منوعات", "فيديو", "رأي", "اتصل بنا"]
RELATED = ["وزير الخارجية يستقبل نظيره في زيارة رسمية تستمر يومين", "ارتفاع أسعار الوقود في الأسواق المحلية للمرة الثالثة",
           "المنتخب الوطني يتأهل إلى الدور النهائي بعد فوز صعب", "افتتاح معرض الكتاب بمشاركة أكثر من مئتي دار نشر"]
COMMENTS = ["هذا الكلام غير دقيق على الإطلاق، فالوضع على الأرض مختلف تماماً عما تنقله وسائل الإعلام، ونحن نعيش هنا ونعرف الحقيقة جيداً.",
            "نتمنى أن تصمد هذه الهدنة هذه المرة وأن يعود الناس إلى بيوتهم، فقد تعب الجميع من الحرب والدمار ولا أحد يريد المزيد من الضحايا.",
            "أين كان المجتمع الدولي طوال السنوات الماضية؟ البيانات وحدها لا تكفي ويجب أن تكون هناك خطوات عملية على الأرض."]
COOKIE = "نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا وتقديم محتوى وإعلانات مناسبة لك. بمتابعة التصفح فإنك توافق على سياسة الخصوصية."
FOOTER = "جميع الحقوق محفوظة © 2024 شبكة المرصد الإخبارية"


def menu(cls="main-menu"):
    return f'<ul class="{cls}">' + "".join(f'<li><a href="/{i}">{m}</a></li>' for i, m in enumerate(MENU)) + "</ul>"


def related_list(title="مواضيع ذات صلة", cls="related-posts"):
    items = "".join(f'<li><a href="/news/{i}">{E(t)}</a></li>' for i, t in enumerate(RELATED))
    return f'<div class="{cls}"><h3>{title}</h3><ul>{items}</ul></div>'


def share_bar():
    return ('<div class="share-buttons">شارك: <a href="#">فيسبوك</a> <a href="#">تويتر</a> '
            '<a href="#">واتساب</a> <a href="#">تيليغرام</a></div>')


def comments_block(hinted=True):
    if hinted:
        body = "".join(f'<div class="comment"><span class="comment-author">زائر {i+1}</span><p>{c}</p></div>'
                       for i, c in enumerate(COMMENTS))
        return f'<section id="comments" class="comments-area"><h3>التعليقات (3)</h3>{body}<form><textarea></textarea><button>أرسل</button></form></section>'
    body = "".join(f'<div><b>زائر {i+1}</b><p>{c}</p></div>' for i, c in enumerate(COMMENTS))
    return f"<div><h3>التعليقات (3)</h3>{body}</div>"


def jsonld(a, site):
    return ('<script type="application/ld+json">' + json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
        "datePublished": a["date"] + "T10:51:00+03:00", "author": {"@type": "Person", "name": "سامر الخطيب"},
        "publisher": {"@type": "Organization", "name": site}}, ensure_ascii=False) + "</script>")


def expected(a, extra=None):
    lines = [a["title"]] + (extra if extra is not None else a["paras"])
    return "\n".join(lines) + "\n"


def page(head, body, lang="ar"):
    return f'<!DOCTYPE html>\n<html lang="{lang}" dir="rtl"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>\n'


# ---- ten layouts for the evaluation set ---------------------------------

def layout_wordpress(a):
    ps = "".join(f"<p>{p}</p>" for p in a["paras"])
    body = (f'<header id="masthead" class="site-header"><div class="site-title"><a href="/">أخبار الوادي</a></div>'
            f'<nav class="main-navigation">{menu()}</nav><div class="today">الأحد 16 يونيو 2024</div></header>'
            f'<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main">'
            f'<article class="post type-post"><header class="entry-header"><h1 class="entry-title">{a["title"]}</h1>'
            f'<div class="entry-meta"><time datetime="{a["date"]}T09:00:00+00:00">{a["date"]}</time> بواسطة <a rel="author" href="/author/s">سامر</a></div></header>'
            f'<div class="entry-content">{ps}{share_bar()}</div>'
            f'<footer class="entry-footer"><span class="tags-links">وسوم: <a>هدنة</a> <a>وساطة</a></span></footer></article>'
            f'{comments_block()}</main></div>'
            f'<aside id="secondary" class="widget-area"><section class="widget"><h2>الأكثر قراءة</h2>{related_list("", "popular")}</section></aside></div>'
            f'<footer class="site-footer"><p>{FOOTER}</p></footer>')
    return page(f'<title>{a["title"]} – أخبار الوادي</title><meta property="og:site_name" content="أخبار الوادي">', body), expected(a)


def layout_br_table(a):
    text = "<br><br>\n".join(a["paras"])
    body = (f'<table width="100%"><tr><td class="top">{menu("topmenu")}</td></tr>'
            f'<tr><td><table><tr><td class="right" width="200">{related_list("آخر الأخبار", "latest")}</td>'
            f'<td><font size="5"><b>{a["title"]}</b></font><br>نشر بتاريخ: {a["date"][8:10]}/{a["date"][5:7]}/{a["date"][:4]}<br>'
            f'<div class="news-text">{text}</div><br><a href="/print">اطبع</a> | <a href="/send">أرسل لصديق</a></td></tr></table></td></tr>'
            f'<tr><td class="bottom">{FOOTER}</td></tr></table>')
    return page(f'<title>{a["title"]}</title>', body), expected(a)


def layout_aspnet(a):
    ps = "".join(f"<p>{p}</p>" for p in a["paras"])
    body = (f'<form method="post" action="./Details.aspx?id=1234" id="form1"><input type="hidden" name="__VIEWSTATE" value="xyz">'
            f'<div id="ctl00_divHeader">{menu("menu")}<div class="ad-banner"><iframe src="/ads"></iframe>إعلان</div></div>'
            f'<div id="ctl00_ContentPlaceHolder1_divDetails"><h1 id="ctl00_lblTitle">{a["title"]}</h1>'
            f'<span id="ctl00_lblDate">{a["date"]}</span><span id="ctl00_lblBody">{ps}</span></div>'
            f'<div id="ctl00_divMostRead"><h2>الأكثر مشاهدة</h2>{related_list("", "list")}</div>'
            f'<div id="ctl00_divFooter">{FOOTER}</div></form>')
    return page(f'<title>{a["title"]} :: بوابة الخبر</title>', body), expected(a)


def layout_noclass(a):
    ps = "".join(f"<p>{p}</p>" for p in a["paras"])
    items = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    body = (f'<div>{menu("")}</div><div><div><h1>{a["title"]}</h1><div>{ps}</div></div>'
            f'<div><h3>اقرأ أيضاً</h3><ul>{items}</ul></div>{comments_block(False)}</div><div>{FOOTER}</div>')
    return page(f'<title>{a["title"]}</title>', body), expected(a)


def layout_inline_related(a):
    p = a["paras"]
    body_html = (f"<p>{p[0]}</p><p>{p[1]}</p>"
                 f'<p><strong>اقرأ أيضاً:</strong> <a href="/x">{RELATED[0]}</a></p>'
                 f'<figure><img src="a.jpg"><figcaption>صورة أرشيفية من المنطقة (وكالات)</figcaption></figure>'
                 + "".join(f"<p>{x}</p>" for x in p[2:4])
                 + f'<blockquote class="twitter-tweet"><p>تغريدة قصيرة عن الحدث <a href="https://t.co/x">pic.twitter.com/x</a></p></blockquote>'
                 f'<p>» اقرأ ايضاً: <a href="/y">{RELATED[1]}</a></p>'
                 + "".join(f"<p>{x}</p>" for x in p[4:]))
    body = (f'<div class="header">{menu()}</div><div class="container"><div class="col-md-8">'
            f'<div class="article"><h1>{a["title"]}</h1><div class="details">{body_html}</div></div></div>'
            f'<div class="col-md-4 sidebar">{related_list("الأكثر قراءة", "most-read")}</div></div>')
    return page(f'<title>{a["title"]} | الشرق اليوم</title><meta property="og:title" content="{a["title"]}">', body), expected(a)


def layout_modern(a):
    ps = "".join(f"<p>{p}</p>" for p in a["paras"])
    body = (f'<div class="cookie-banner" id="cookieConsent"><p>{COOKIE}</p><button>موافق</button></div>'
            f'<header class="site-header"><div class="breaking-ticker">عاجل: <a>انقطاع الكهرباء في عدة أحياء</a></div>{menu()}</header>'
            f'<main><article><h1>{a["title"]}</h1><div class="byline">بقلم: سامر الخطيب</div>'
            f'<div class="article-body">{ps}</div>'
            f'<aside class="related">{related_list()}</aside>'
            f'<div class="newsletter"><p>اشترك في النشرة البريدية لتصلك آخر الأخبار والتحليلات يومياً إلى بريدك الإلكتروني.</p></div>'
            f'</article></main><footer>{FOOTER}</footer>')
    head = f'<title>{a["title"]}</title><meta property="og:site_name" content="المرصد">{jsonld(a, "المرصد")}'
    return page(head, body), expected(a)


def layout_subheads(a):
    p = a["paras"]
    points = ["إدخال المساعدات الإنسانية دون عوائق إلى كل المناطق", "إطلاق سراح المحتجزين المدنيين خلال أسبوع",
              "تشكيل لجنة مشتركة لمراقبة تنفيذ بنود الاتفاق"]
    inner = (f"<p>{p[0]}</p><p>{p[1]}</p><h2>بنود الاتفاق</h2><ul>" + "".join(f"<li>{x}</li>" for x in points)
             + "</ul>" + "".join(f"<p>{x}</p>" for x in p[2:]))
    body = (f'<nav>{menu()}</nav><div id="page"><div class="story"><h1 class="story-title">{a["title"]}</h1>'
            f'<div class="story-body">{inner}</div>{share_bar()}</div>'
            f'<div class="tags">الكلمات المفتاحية: <a>هدنة</a> <a>أسرى</a></div></div>')
    ex = [p[0], p[1], "بنود الاتفاق"] + points + p[2:]
    return page(f'<title>{a["title"]}</title>', body), expected(a, ex)


def layout_lead_sibling(a):
    p = a["paras"]
    body = (f'<div class="top-bar">{menu()}</div><div class="wrapper"><div class="news">'
            f'<h1>{a["title"]}</h1><div class="lead"><p>{p[0]}</p></div>'
            f'<div class="ad-slot">إعلان</div>'
            f'<div class="text">' + "".join(f"<p>{x}</p>" for x in p[1:]) + '</div>'
            f'<div class="source">المصدر: وكالات</div></div>'
            f'<div class="more-news">{related_list("المزيد من الأخبار", "box")}</div></div>'
            f'<div class="footer">{FOOTER}</div>')
    return page(f'<title>{a["title"]} - الوطن نيوز</title>', body), expected(a)


def layout_heavy(a):
    ps = "".join(f"<p>{p}</p>" for p in a["paras"])
    long_links = "".join(f'<div class="card"><a href="/c/{i}"><h3>{t}</h3></a><span>منذ ساعتين</span></div>'
                         for i, t in enumerate(RELATED * 2))
    body = (f'<div class="header">{menu()}{menu("submenu")}<div class="weather">القدس 21°</div></div>'
            f'<div class="layout"><div class="main-column"><div class="article-header"><h1>{a["title"]}</h1>'
            f'<div class="date">{a["date"]}</div></div>{share_bar()}'
            f'<div class="article-content">{ps}</div>'
            f'<div class="author-bio"><p>سامر الخطيب صحفي متخصص في شؤون النزاعات، عمل مراسلاً في عدة دول وكتب عشرات التقارير الميدانية.</p></div>'
            f'<div class="cards">{long_links}</div></div>'
            f'<div class="side-column">{related_list("الأكثر تداولاً", "trending")}</div></div>'
            f'<div class="footer"><ul>' + "".join(f"<li><a>{m}</a></li>" for m in MENU) + f'</ul><p>{FOOTER}</p></div>')
    return page(f'<title>{a["title"]} | شبكة الأخبار</title><meta property="og:site_name" content="شبكة الأخبار">', body), expected(a)


def layout_divs_only(a):
    # Paragraphs as bare <div>s with text, no <p>, comments with class hints.
    ps = "".join(f"<div>{p}</div>" for p in a["paras"])
    body = (f'<div id="nav">{menu("")}</div><div id="main"><div class="post-title"><h2>{a["title"]}</h2></div>'
            f'<div class="post-body">{ps}</div>{comments_block()}</div><div id="footer">{FOOTER}</div>')
    return page(f'<title>{a["title"]}</title>', body), expected(a)


EVAL = [
    ("wordpress", layout_wordpress, "truce_valley"),
    ("br_table", layout_br_table, "talks_capital"),
    ("aspnet", layout_aspnet, "shelling_border"),
    ("noclass", layout_noclass, "prisoner_swap"),
    ("inline_related", layout_inline_related, "ceasefire_collapse"),
    ("modern", layout_modern, "appeal_un"),
    ("subheads", layout_subheads, "extension"),
    ("lead_sibling", layout_lead_sibling, "drone_strike"),
    ("heavy", layout_heavy, "protest_square"),
    ("divs_only", layout_divs_only, "mediation_visit"),
]


def write(name, data):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def simple_page(a, charset_decl):
    ps = "".join(f"<p>{p}</p>" for p in a["paras"])
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset_decl}">'
            f'<title>{a["title"]}</title></head><body><div class="menu">{menu("")}</div>'
            f'<div class="article"><h1>{a["title"]}</h1>{ps}</div></body></html>')


def warc_record(rtype, uri, block, content_type, rid):
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2020-10-10T12:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{rid}>\r\nContent-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http_response(status, ctype, body):
    reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently"}[status]
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def main():
    for name, fn, slug in EVAL:
        h, ex = fn(A[slug])
        write(f"eval/{name}.html", h)
        write(f"eval/{name}.expected.txt", ex)

    # Chrome-heavy page with a "today" header and the real date in JSON-LD.
    a = A["mediation_visit"]
    h, _ = layout_modern(a)
    h = h.replace('<header class="site-header">', '<header class="site-header"><div class="today-date">الأحد 16 يونيو 2024</div>')
    write("chrome_buried.html", h)

    # Page header shows the viewing day; JSON-LD and the article stamp the real one.
    ps = "".join(f"<p>{p}</p>" for p in a["paras"])
    today = (f'<div class="top"><span class="date">الأحد 16 يونيو 2024</span>{menu("")}</div>'
             f'<div class="page"><div class="post"><h1>{a["title"]}</h1><div class="stamp">9-10-2020 | 22:35</div>'
             f'<div class="post-text">{ps}</div></div></div>')
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","datePublished":"2024-06-16"},'
          '{"@type":"NewsArticle","headline":"x","datePublished":"2020-10-09T22:35:00+03:00"}]}</script>')
    write("today_header.html", page(f"<title>{a['title']}</title>{ld}", today))
    write("today_header_stamp.html", page(f"<title>{a['title']}</title>", today))

    # Malformed: no <html>/<body>, unclosed and misnested tags, stray closers.
    b = A["shelling_border"]
    mal = ('<title>' + b["title"] + '</title><div class="nav"><a href=/>الرئيسية<a href=/s>سياسة</div>'
           '<div class="content"><h1>' + b["title"] + '</h1></span></div></div>'
           '<p>' + b["paras"][0] + '<p><b>' + b["paras"][1] + '</p></b>'
           '<p>' + b["paras"][2] + '<i>' + '<p>' + b["paras"][3] + '</td></tr>'
           '<div><p>' + b["paras"][4] + '<!-- unclosed comment')
    write("malformed.html", mal)

    # Encodings.
    c = A["truce_valley"]
    write("cp1256_declares_utf8.html", simple_page(c, "utf-8").encode("cp1256"))
    write("iso8859_6.html", simple_page(c, "iso-8859-6").replace("«", '"').replace("»", '"').encode("iso8859_6"))
    write("cp1256_undeclared.html", simple_page(c, "").replace('<meta http-equiv="Content-Type" content="text/html; charset=">', "").encode("cp1256"))
    utf16 = simple_page(c, "utf-16")
    write("utf16le_bom.html", b"\xff\xfe" + utf16.encode("utf-16-le"))
    write("utf16be_bom.html", b"\xfe\xff" + utf16.encode("utf-16-be"))

    # RSS 2.0 with HTML in descriptions, one full item and one teaser.
    d = A["extension"]
    full_html = "".join(f"<p>{p}</p>" for p in d["paras"])
    t = A["drone_strike"]
    rss = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>المرصد - آخر الأخبار</title><link>https://almarsad.example/</link><description>أخبار</description>
<item><title>{d['title']}</title><link>https://almarsad.example/news/2022/05/30/extension</link>
<pubDate>Mon, 30 May 2022 18:20:00 +0300</pubDate><dc:creator>سامر الخطيب</dc:creator>
<description>{E(d['paras'][0][:80])}…</description>
<content:encoded><![CDATA[{full_html}<p><a href="https://almarsad.example/share">شارك</a></p><script>track()</script>]]></content:encoded></item>
<item><title>{t['title']}</title><link>https://almarsad.example/news/drone</link>
<pubDate>Wed, 08 Sep 2021 07:15:00 GMT</pubDate>
<description>{E('<p>' + t['paras'][0][:90] + '… <a href="https://almarsad.example/news/drone">اقرأ المزيد</a></p>')}</description></item>
<item><title>خبر بلا تاريخ &amp; بلا رابط</title><description>&lt;b&gt;نص قصير&lt;/b&gt;</description></item>
</channel></rss>
"""
    write("feed_rss.xml", rss)

    e = A["prisoner_swap"]
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة الأنباء المثال</title><id>urn:x</id><updated>2023-01-19T15:00:00Z</updated>
<entry><title type="html">{E(e['title'])}</title><link rel="alternate" href="https://news.example/a/1"/><link rel="enclosure" href="https://news.example/a/1.jpg"/>
<id>tag:news.example,2023:1</id><published>2023-01-19T14:30:00+02:00</published><updated>2023-01-19T16:00:00+02:00</updated>
<author><name>ريم حداد</name></author><summary>ملخص قصير</summary>
<content type="html">{E(''.join(f'<p>{p}</p>' for p in e['paras']))}</content></entry>
<entry><title>English item</title><link href="https://news.example/a/2"/><updated>2023-01-20T08:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The mediators said the exchange was a test of the truce, and a second phase could follow within weeks if calm holds in the region and both sides keep their commitments to the agreement signed last month.</p></div></content></entry>
</feed>
"""
    write("feed_atom.xml", atom)

    lol = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    prev = "lol"
    for i in range(1, 10):
        lol += f'<!ENTITY lol{i} "' + f"&{prev};" * 10 + '">\n'
        prev = f"lol{i}"
    lol += ']>\n<rss version="2.0"><channel><title>bomb</title><item><title>عنوان</title><description>&lol9;</description></item></channel></rss>\n'
    write("billion_laughs.xml", lol)

    # WARC: warcinfo, request, 200 HTML (windows-1256 via HTTP charset), 404, image,
    # resource HTML, chunked + gzip-encoded HTML response.
    f = A["appeal_un"]
    g = A["ceasefire_collapse"]
    recs = [
        warc_record("warcinfo", "", b"software: make_fixtures.py\r\n", "application/warc-fields", "0001"),
        warc_record("request", "https://site.example/a", b"GET /a HTTP/1.1\r\nHost: site.example\r\n\r\n", "application/http; msgtype=request", "0002"),
        warc_record("response", "https://site.example/news/2024/02/11/appeal",
                    http_response(200, "text/html; charset=windows-1256", simple_page(f, "windows-1256").replace('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "").encode("cp1256")),
                    "application/http; msgtype=response", "0003"),
        warc_record("response", "https://site.example/missing", http_response(404, "text/html", b"<html><body>not found</body></html>"),
                    "application/http; msgtype=response", "0004"),
        warc_record("response", "https://site.example/logo.png", http_response(200, "image/png", b"\x89PNG\r\n\x1a\n...."),
                    "application/http; msgtype=response", "0005"),
        warc_record("resource", "file:///local/page.html", simple_page(g, "utf-8").encode(), "text/html; charset=utf-8", "0006"),
    ]
    gz_body = gzip.compress(simple_page(A["talks_capital"], "utf-8").encode())
    chunked = b"".join(b"%x\r\n" % len(gz_body[i:i + 500]) + gz_body[i:i + 500] + b"\r\n" for i in range(0, len(gz_body), 500)) + b"0\r\n\r\n"
    recs.append(warc_record("response", "https://site.example/gz",
                            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunked,
                            "application/http; msgtype=response", "0007"))
    write("sample.warc", b"".join(recs))
    members = b"".join(gzip.compress(r, mtime=0) for r in recs)
    write("sample.warc.gz", members)
    # Truncated: the last member (the gzip-encoded page) is cut in the middle.
    last = gzip.compress(recs[-1], mtime=0)
    write("truncated.warc.gz", b"".join(gzip.compress(r, mtime=0) for r in recs[:-1]) + last[: len(last) // 2])
    # One record whose Content-Length runs past the end of a plain file.
    write("truncated_record.warc", b"".join(recs[:3]) + recs[5][: len(recs[5]) - 900])


if __name__ == "__main__":
    main()
