import { validateCustomerName } from '../../shared/src/customers/customer-name';
import { isValidMobile } from '../../shared/src/customers/phone';
import { isValidVin } from '../../shared/src/customers/vin';
import type { CustomerSeed } from '../../shared/src/demo/generate';

/** The problems of one generated customer (empty when it passes the cleansing rules the platform applies). */
export function demoCustomerProblems(customer: CustomerSeed): string[] {
  const problems: string[] = [];
  if (!isValidMobile(customer.phone)) problems.push(`mobile ${customer.phone}`);
  const name = validateCustomerName(customer.name, customer.kind);
  if (!name.ok) problems.push(`name ${customer.name}: ${name.reason}`);
  for (const vehicle of customer.vehicles) {
    if (!isValidVin(vehicle.vin)) problems.push(`vin ${vehicle.vin}`);
    if (vehicle.warrantyEnd <= vehicle.purchaseDate) problems.push(`warranty ${vehicle.vin}`);
  }
  if (customer.vehicles.length === 0) problems.push('no vehicle');
  return problems;
}
