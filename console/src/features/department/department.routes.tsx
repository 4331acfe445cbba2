import { defineFeature, restrictTo } from '../../app/feature-registry';

// The department's tickets and findings: one lazy page (its own chunk).
export const departmentFeature = defineFeature({
  id: 'department',
  routes: [{ path: 'department', ...restrictTo('dept_user'), lazy: async () => ({ Component: (await import('./DepartmentPage')).DepartmentPage }) }],
  menu: [{ path: '/department', labelKey: 'department.menu', roles: ['dept_user'], order: 10 }],
});
