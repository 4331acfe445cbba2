import { randomBytes } from 'node:crypto';
import { choose, signIn, Steps } from './helpers/browser';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * Where the car is, at intake: an address the gazetteer cannot place says "distance unknown"; the map-free picker
 * (province → city → district) writes the address prefix and shows the district centre; coordinates outside China are
 * refused on the form; the saved ticket holds the geocoded point.
 */
const suite = e2eSuite();

describe('roadside location at intake', () => {
  it('warns of an unknown distance, places the car with the picker and refuses a point outside China', async () => {
    const steps = Steps.forCurrentTest();
    const { page } = await suite.window();
    const subject = `E2E 道路救援 ${randomBytes(3).toString('hex').toUpperCase()}`;

    await steps.step('a roadside ticket with an address the gazetteer cannot place', page, async () => {
      await signIn(page, 'agent');
      await page.getByTestId('ticket-type-roadside').click();
      await page.getByTestId('ticket-contact-name').fill('李强');
      await page.getByTestId('ticket-contact-phone').fill('13912345678');
      await page.getByTestId('ticket-location').fill('服务区往南两公里');
      await page.getByTestId('location-distance-unknown').waitFor();
    });

    await steps.step('the picker writes 浙江省杭州市西湖区 before the address and shows the district centre', page, async () => {
      // The picker at the top of the window first: its menu then opens below it in full, and nothing moves under a click.
      await page.getByTestId('location-picker').evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await page.getByTestId('location-picker').click();
      for (const name of ['浙江省', '杭州市', '西湖区']) {
        await page.locator(`.ant-cascader-menu-item[title="${name}"]`).click();
      }
      await expect(page.getByTestId('ticket-location').inputValue()).resolves.toBe('浙江省杭州市西湖区服务区往南两公里');
      await expect(page.getByTestId('ticket-coordinates').inputValue()).resolves.toMatch(/^30\.\d+, 120\.\d+$/);
      await page.getByTestId('location-geocoded').filter({ hasText: '西湖区' }).waitFor();
      expect(await page.getByTestId('location-distance-unknown').count()).toBe(0);
    });

    await steps.step('coordinates outside China are refused with a message', page, async () => {
      await page.getByTestId('ticket-coordinates').fill('48.8566, 2.3522');
      await page.locator('.ant-form-item-explain-error').filter({ hasText: '不在中国境内' }).waitFor();
      // Pasted the Chinese map services' way round, they are read as lat 30.2741, lng 120.1551.
      await page.getByTestId('ticket-coordinates').fill('120.1551,30.2741');
      await page.getByTestId('location-typed').filter({ hasText: '30.2741' }).waitFor();
      await page.getByTestId('ticket-coordinates').fill('');
    });

    await steps.step('saved, the ticket holds the district centre from the gazetteer', page, async () => {
      await page.getByTestId('ticket-subject').fill(subject);
      await page.getByTestId('ticket-description').fill('车辆无法启动，需要拖车');
      // What happened and whether anyone is hurt: the roadside intake asks both.
      await choose(page, 'ticket-roadside-type', '拖车');
      await page.getByTestId('ticket-roadside-injured').getByText('否').click();
      await page.getByTestId('ticket-submit').click();
      await page.getByTestId('created-ticket').waitFor();
      expect(await page.getByTestId('created-distance-unknown').count()).toBe(0);
      const [ticket] = await suite.stack.server.query<{ location: Record<string, unknown> }>(`select location from tickets where subject = $1`, [subject]);
      expect(ticket.location).toMatchObject({ address: '浙江省杭州市西湖区服务区往南两公里', source: 'gazetteer', precision: 'district' });
    });
  });
});
