/**
 * The top-level domains that mail clients know and draw as links without a scheme (`refund-now.com`), in a compact
 * list: the country codes, the old generic ones and the new ones most used in spam and phishing, and `example`, which
 * RFC 2606 keeps for documentation (so the examples of these rules read as the addresses they stand for). A rare new
 * one (`.berlin`, `.gmbh`) is not listed: a check that needs it treats `label.berlin` as a word, as it treats `St.Anna`.
 * Names that are also common words of a text or a surname's start (`de`, `es`, `it`, `me`, `so`, `no`, `li`) are in
 * the list: the checks that use it say how they keep those words and names.
 */
const GENERIC = 'com net org info biz io co app dev xyz top online site shop store edu gov mil int eu asia mobi name pro tel travel icu buzz click cfd sbs vip club live example';
const COUNTRY_CODES =
  'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd ' +
  'cf cg ch ci ck cl cm cn cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et fi fj fk fm fo fr ga gd ge gf gg ' +
  'gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in iq ir is it je jm jo jp ke kg kh ki km kn ' +
  'kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz ' +
  'na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se ' +
  'sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz ' +
  'va vc ve vg vi vn vu wf ws ye yt za zm zw';

let alternatives: string | undefined;

/**
 * The listed top-level domains as alternatives of a regular expression (lower case; match it with the `i` flag), made on
 * first use: a function whose schemas import the checks that use it, but never runs them, neither builds nor carries it.
 */
export function commonTopLevelDomains(): string {
  alternatives ??= `(?:${`${GENERIC} ${COUNTRY_CODES}`.split(' ').sort((a, b) => b.length - a.length).join('|')})`;
  return alternatives;
}
