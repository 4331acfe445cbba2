import { canMoveRoadside, nextCandidate, rankProviders, ROAD_FACTOR, type RoadsideProvider, distanceKm } from '../../shared/src';

const incident = { lat: 31.23, lng: 121.47 };

function provider(code: string, overrides: Partial<RoadsideProvider> = {}): RoadsideProvider {
  return { id: `id-${code}`, code, lat: 31.23, lng: 121.47, active: true, rescue24h: false, openNow: true, alwaysOpen: false, activeJobs: 0, offers30d: 0, accepted30d: 0, ...overrides };
}

describe('roadside provider selection', () => {
  it('ranks by road distance (great circle × the road factor), then load and acceptance', () => {
    const near = provider('A', { lat: 31.24, lng: 121.47 });
    const far = provider('B', { lat: 31.5, lng: 121.47 });
    const candidates = rankProviders(incident, [far, near]);
    expect(candidates.map((candidate) => [candidate.dealerCode, candidate.rank])).toEqual([['A', 1], ['B', 2]]);
    expect(candidates[1].roadKm).toBeCloseTo(distanceKm(incident, far) * ROAD_FACTOR, 1);
  });

  it('puts a busy provider or one that seldom accepts behind a slightly farther one', () => {
    const busy = provider('A', { activeJobs: 2 });
    const refusing = provider('B', { offers30d: 10, accepted30d: 1 });
    const free = provider('C', { lat: 31.3, lng: 121.47 });
    const candidates = rankProviders(incident, [busy, refusing, free]);
    expect(candidates.map((candidate) => candidate.dealerCode)).toEqual(['C', 'B', 'A']);
    expect(candidates.find((candidate) => candidate.dealerCode === 'B')?.acceptanceRate).toBe(0.1);
  });

  it('skips a provider closed by its calendar, but never a 24-hour one', () => {
    const closed = provider('A', { openNow: false });
    const rescue24 = provider('B', { openNow: false, rescue24h: true, lat: 31.4 });
    const alwaysOpen = provider('C', { openNow: false, alwaysOpen: true, lat: 31.5 });
    const inactive = provider('D', { active: false });
    const candidates = rankProviders(incident, [closed, rescue24, alwaysOpen, inactive]);
    expect(candidates.filter((candidate) => candidate.rank !== null).map((candidate) => candidate.dealerCode)).toEqual(['B', 'C']);
    expect(candidates.find((candidate) => candidate.dealerCode === 'A')).toMatchObject({ rank: null, skipped: 'closed_now' });
    expect(candidates.find((candidate) => candidate.dealerCode === 'D')).toMatchObject({ rank: null, skipped: 'inactive' });
    expect(candidates.find((candidate) => candidate.dealerCode === 'B')?.open24h).toBe(true);
  });

  it('without coordinates says the distance is unknown and ranks by load alone', () => {
    const candidates = rankProviders(null, [provider('A', { activeJobs: 1 }), provider('B')]);
    expect(candidates.map((candidate) => [candidate.dealerCode, candidate.roadKm])).toEqual([['B', null], ['A', null]]);
  });

  it('offers down the list, skipping those asked, until nobody is left', () => {
    const candidates = rankProviders(incident, [provider('A'), provider('B', { lat: 31.3 }), provider('C', { openNow: false })]);
    expect(nextCandidate(candidates, [])?.dealerCode).toBe('A');
    expect(nextCandidate(candidates, ['id-A'])?.dealerCode).toBe('B');
    expect(nextCandidate(candidates, ['id-A', 'id-B'])).toBeNull();
  });
});

describe('roadside progress rules', () => {
  it('allows accepted → en route → arrived → towing → completed, never arrived before en route', () => {
    expect(canMoveRoadside('accepted', 'en_route')).toBe(true);
    expect(canMoveRoadside('accepted', 'arrived')).toBe(false);
    expect(canMoveRoadside('en_route', 'arrived')).toBe(true);
    expect(canMoveRoadside('arrived', 'towing')).toBe(true);
    expect(canMoveRoadside('towing', 'completed')).toBe(true);
    expect(canMoveRoadside('en_route', 'towing')).toBe(false);
    expect(canMoveRoadside('completed', 'cancelled')).toBe(false);
    expect(canMoveRoadside('offering', 'en_route')).toBe(false);
  });
});
