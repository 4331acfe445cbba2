import { CAMPAIGN_WINDOW_DAYS, campaignDueDay, dueCampaignKind, shiftDay } from '../../shared/src/callbacks/campaign-rules';

describe('shiftDay', () => {
  it('moves by days across months and years, and by months to the same date or the month’s last', () => {
    expect(shiftDay('2026-12-30', { days: 3 })).toBe('2027-01-02');
    expect(shiftDay('2026-03-01', { days: -1 })).toBe('2026-02-28');
    expect(shiftDay('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(shiftDay('2028-01-31', { months: 1 })).toBe('2028-02-29');
    expect(shiftDay('2026-12-15', { months: 1 })).toBe('2027-01-15');
  });
});

describe('dueCampaignKind', () => {
  const bought = '2026-03-10';
  it('is nothing before the third day, then the latest call whose day has come', () => {
    expect(dueCampaignKind(bought, '2026-03-12')).toBeNull();
    expect(dueCampaignKind(bought, '2026-03-13')).toBe('new_vehicle_3d');
    expect(dueCampaignKind(bought, '2026-03-16')).toBe('new_vehicle_3d');
    expect(dueCampaignKind(bought, '2026-03-17')).toBe('new_vehicle_7d');
    expect(dueCampaignKind(bought, '2026-04-09')).toBe('new_vehicle_7d');
    expect(dueCampaignKind(bought, campaignDueDay(bought, 'new_vehicle_1m'))).toBe('new_vehicle_1m');
  });

  it('is nothing for a car bought before the window, or a purchase date in the future', () => {
    const today = '2026-06-01';
    expect(dueCampaignKind(shiftDay(today, { days: -CAMPAIGN_WINDOW_DAYS }), today)).toBe('new_vehicle_1m');
    expect(dueCampaignKind(shiftDay(today, { days: -CAMPAIGN_WINDOW_DAYS - 1 }), today)).toBeNull();
    expect(dueCampaignKind('2026-06-05', today)).toBeNull();
  });
});
