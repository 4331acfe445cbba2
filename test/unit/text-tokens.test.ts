import { distinctTerms, highlightTerms, stemWord, textTerms, tsqueryLiteral, tsvectorLiteral } from '../../shared/src/assist/text-tokens';

describe('text terms', () => {
  it('cuts a run of Chinese characters into overlapping bigrams, so a phrase is found inside a longer sentence', () => {
    expect(distinctTerms('发动机异响')).toEqual(['发动', '动机', '机异', '异响']);
    const sentence = distinctTerms('客户反映车辆在冷启动时发动机舱有明显的异响声音');
    for (const term of distinctTerms('异响')) expect(sentence).toContain(term);
  });

  it('keeps a lone Chinese character and adds unigrams only when asked', () => {
    expect(distinctTerms('灯 坏了')).toEqual(['灯', '坏了']);
    expect(distinctTerms('刹车', { unigrams: true })).toEqual(['刹', '刹车', '车']);
  });

  it('adds the last character of each Chinese run for the index, so every character starts some term', () => {
    const terms = textTerms('发动机异响，车灯 abs', { runEnds: true });
    expect(terms.map((term) => term.term)).toEqual(['发动', '动机', '机异', '异响', '响', '车灯', '灯', 'abs']);
    expect(terms.find((term) => term.term === '响')).toMatchObject({ start: 4, end: 5 });
    // With unigrams every character is there already: no second copy of the last.
    expect(textTerms('刹车', { unigrams: true, runEnds: true }).map((term) => term.term)).toEqual(['刹', '刹车', '车']);
  });

  it('gives English words lower-cased and stemmed, without stop words, and full-width forms as ASCII', () => {
    expect(distinctTerms('The brakes are making NOISES when braking')).toEqual(['brake', 'make', 'noise']);
    expect(distinctTerms('ＡＢＳ warning light')).toEqual(['abs', 'warn', 'light']);
    expect(stemWord('stalled')).toBe('stall');
    expect(stemWord('batteries')).toBe('battery');
    expect(stemWord('stopped')).toBe('stop');
    expect(stemWord('gas')).toBe('gas');
  });

  it('separates Chinese from Latin in mixed text and keeps offsets into the text as written', () => {
    const text = '仪表盘ABS灯亮';
    const terms = textTerms(text);
    expect(terms.map((term) => term.term)).toEqual(['仪表', '表盘', 'abs', '灯亮']);
    for (const term of terms) expect(text.slice(term.start, term.end).toLowerCase()).toBe(term.term);
  });

  it('writes a tsvector literal with weights and running positions, and a tsquery of the terms', () => {
    expect(tsvectorLiteral([{ text: '异响', weight: 'A' }, { text: 'noise noise', weight: 'B' }])).toBe("'异响':1A '响':2A 'noise':4B,5B");
    expect(tsqueryLiteral(['异响', 'noise'])).toBe("'异响' | 'noise'");
    // One Chinese character matches by prefix: the bigrams it starts, and the run ends it is.
    expect(tsqueryLiteral(['响', 'abs'], '&')).toBe("'响':* & 'abs'");
    expect(tsqueryLiteral([])).toBe('');
  });

  it('marks the parts of a text covered by the query terms', () => {
    const segments = highlightTerms('冷启动时有异响, brake noises', [...distinctTerms('异响'), ...distinctTerms('noise')]);
    expect(segments.filter((segment) => segment.hit).map((segment) => segment.text)).toEqual(['异响', 'noises']);
    expect(segments.map((segment) => segment.text).join('')).toBe('冷启动时有异响, brake noises');
  });
});
