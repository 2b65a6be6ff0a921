#!/usr/bin/env python3
"""Synthetic Arabic conflict reports for scale tests (stdlib only, no data).

Events (town x party x measure x day) are each reported several times in
varied wording by different outlets, some as wire copies (a new header over
the same text). Written for marsad's tests: no sentence comes from a corpus.

  tests/scale/gen_events.py OUT.jsonl [-n 2000] [--seed 1]
"""
import argparse, datetime, json, random

TOWNS = ['إدلب', 'تعز', 'خان يونس', 'الفاشر', 'سيفيرودونيتسك', 'شوشا', 'سرت', 'درعا', 'مأرب', 'كيدال',
         'بنغازي', 'الموصل', 'غوما', 'باماكو', 'جوبا', 'رفح']
PARTIES = ['الجيش الوطني', 'المجلس العسكري', 'قوات الأمن', 'اللجان الشعبية', 'الفصائل المسلحة', 'قوات التحالف',
           'الحركة المتمردة', 'الشرطة الاتحادية']
MEDIATORS = ['الأمم المتحدة', 'الاتحاد الأفريقي', 'قطر', 'مصر', 'تركيا', 'روسيا', 'الصليب الأحمر']
MEASURES = ['هدنة مؤقتة لمدة يومين', 'وقفا شاملا لإطلاق النار', 'إجلاء الجرحى والمرضى', 'إدخال قوافل الإغاثة',
            'تبادل المحتجزين', 'فتح ممر إنساني', 'انسحاب المقاتلين من الأحياء']
VERBS = ['أعلن', 'أفاد', 'صرح', 'نقل', 'أكد', 'ذكر']
TAILS = ['وسط ترقب حذر من السكان', 'بعد ليلة من القصف العنيف', 'فيما تواصلت الاتصالات الدبلوماسية',
         'وقالت مصادر محلية إن الهدوء ساد المدينة', 'ودعت المنظمات الإنسانية إلى احترام الاتفاق',
         'وأشار مراقبون إلى خروقات محدودة']
OUTLETS = ['outlet%d.example' % i for i in range(40)]


def report(rnd, ev, day):
    town, party, mediator, measure = ev
    s = [f'{rnd.choice(VERBS)} {party} في {town} عن {measure} بوساطة {mediator}، {rnd.choice(TAILS)}.',
         f'وأوضح بيان صادر يوم {day.day} {["يناير","فبراير","مارس","أبريل","مايو","يونيو","يوليو","أغسطس","سبتمبر","أكتوبر","نوفمبر","ديسمبر"][day.month-1]} أن {measure} يسري في {town} اعتبارا من الغد.',
         f'وقال متحدث باسم {mediator} إن الطرفين تعهدا بالالتزام، {rnd.choice(TAILS)}.',
         f'وأحصت مصادر طبية {rnd.randint(2, 90)} قتيلا و{rnd.randint(5, 300)} جريحا خلال الأيام الماضية.']
    return f'{town}: {measure}\n' + ' '.join(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('out')
    ap.add_argument('-n', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    start = datetime.date(2019, 1, 1)
    events = []
    texts = []
    with open(a.out, 'w', encoding='utf-8') as out:
        for i in range(a.n):
            if not events or rnd.random() < 0.3:
                ev = (rnd.choice(TOWNS), rnd.choice(PARTIES), rnd.choice(MEDIATORS), rnd.choice(MEASURES))
                day = start + datetime.timedelta(days=rnd.randrange(0, 5 * 365))
                events.append((ev, day))
            # Recent events get most reports, like a news stream.
            ev, day = events[max(0, len(events) - 1 - int(rnd.expovariate(0.3)))]
            pub = day + datetime.timedelta(days=rnd.randint(0, 2))
            if texts and rnd.random() < 0.15:
                text = 'نقلا عن وكالات الأنباء\n' + rnd.choice(texts)
            else:
                text = report(rnd, ev, day)
                texts.append(text)
            rec = {'id': f'g{a.seed}-{i}', 'url': f'https://{rnd.choice(OUTLETS)}/{a.seed}/{i}',
                   'source': rnd.choice(OUTLETS), 'published': pub.isoformat(), 'text': text}
            out.write(json.dumps(rec, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
