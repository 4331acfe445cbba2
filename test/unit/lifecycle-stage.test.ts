import { lifecycleStageOf } from '../../shared/src/customers/lifecycle-stage';

describe('customer lifecycle stage', () => {
  const at = new Date('2026-11-23T00:00:00Z');
  it.each([
    ['2026-10-01', 'honeymoon'],
    ['2026-08-24', 'honeymoon'],
    ['2026-08-23', 'early_use'],
    ['2025-12-01', 'early_use'],
    ['2025-11-23', 'warranty'],
    ['2023-11-24', 'warranty'],
    ['2023-11-23', 'out_of_warranty'],
    ['2021-11-23', 'repurchase'],
  ])('bought %s → %s', (purchaseDate, stage) => {
    expect(lifecycleStageOf(purchaseDate, at)).toBe(stage);
  });
  it('is unknown without a purchase date', () => {
    expect(lifecycleStageOf(null, at)).toBeNull();
  });
});
