import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';

// The department's tickets and findings: one lazy page (its own chunk).
export const departmentFeature = defineFeature({
  id: 'department',
  routes: [
    {
      path: 'department',
      ...restrictTo('dept_user'),
      lazy: async () => {
        const [{ DepartmentPage }, { departmentPageMessages }] = await Promise.all([import('./DepartmentPage'), import('./department-page-words')]);
        registerMessages(departmentPageMessages);
        return { Component: DepartmentPage };
      },
    },
  ],
  menu: [{ path: '/department', labelKey: 'department.menu', roles: ['dept_user'], order: 10 }],
});
