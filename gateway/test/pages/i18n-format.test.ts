import { formatDelta, formatFen, formatPoints, formatTime, shanghaiDay, shanghaiMonth } from '../../src/pages/view/format';
import { chooseLanguage, translate } from '../../src/pages/view/i18n';

describe('languages', () => {
  it('speaks Chinese unless English was chosen', () => {
    expect(chooseLanguage(null)).toBe('zh-CN');
    expect(chooseLanguage('fr')).toBe('zh-CN');
    expect(chooseLanguage('en')).toBe('en');
  });

  it('fills in the parameters of a message in either language', () => {
    expect(translate('en', 'merchant.csvResult', { recorded: 100, duplicate: 0, rejected: 1 })).toBe(
      '100 recorded, 0 duplicates, 1 rejected.',
    );
    expect(translate('zh-CN', 'merchant.csvResult', { recorded: 100, duplicate: 0, rejected: 1 })).toBe(
      '已记录 100 笔，重复 0 笔，拒绝 1 笔。',
    );
    expect(translate('en', 'wallet.presented', { order: 'o-1' })).toBe('Presented for order o-1 at {merchant}.');
  });
});

describe('formats', () => {
  it('shows fen as yuan exactly, with the sign in front', () => {
    expect(formatFen(12800, 'en')).toBe('¥128.00');
    expect(formatFen(123456789, 'zh-CN')).toBe('¥1,234,567.89');
    expect(formatFen(-5, 'en')).toBe('-¥0.05');
  });

  it('groups points and signs changes', () => {
    expect(formatPoints(1000000, 'en')).toBe('1,000,000');
    expect(formatDelta(128, 'en')).toBe('+128');
    expect(formatDelta(-50, 'zh-CN')).toBe('-50');
  });

  it("uses Shanghai's calendar for days, months and times", () => {
    const lateEvening = new Date('2026-11-30T17:30:00Z'); // 01:30 on 1 December in Shanghai

    expect(shanghaiDay(lateEvening)).toBe('2026-12-01');
    expect(shanghaiMonth(lateEvening)).toBe('202612');
    expect(formatTime('2026-11-30T17:30:00Z', 'en')).toContain('01:30');
    expect(formatTime('not a time', 'en')).toBe('not a time');
  });
});
