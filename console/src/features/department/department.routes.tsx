import { defineFeature } from '../../app/feature-registry';

// The department's tickets and findings: one lazy page (its own chunk).
export const departmentFeature = defineFeature({
  id: 'department',
  routes: [{ path: 'department', lazy: async () => ({ Component: (await import('./DepartmentPage')).DepartmentPage }) }],
  menu: [{ path: '/department', labelKey: 'department.menu', roles: ['dept_user'], order: 10 }],
});
