import { defineMessages } from '../../i18n/messages';

export const authMessages = defineMessages({
  'zh-CN': {
    'auth.title': '登录 careline',
    'auth.subtitle': '主机厂客户服务热线 · 工单平台',
    'auth.username': '用户名',
    'auth.password': '密码',
    'auth.submit': '登录',
    'auth.signOut': '退出登录',
    'auth.required': '请填写',
    'auth.demoHint': '演示账号：agent / supervisor / dealer / quality / qa / admin，密码 careline2026',
  },
  en: {
    'auth.title': 'Sign in to careline',
    'auth.subtitle': 'OEM customer hotline · ticket platform',
    'auth.username': 'Username',
    'auth.password': 'Password',
    'auth.submit': 'Sign in',
    'auth.signOut': 'Sign out',
    'auth.required': 'Required',
    'auth.demoHint': 'Demo users: agent / supervisor / dealer / quality / qa / admin, password careline2026',
  },
});
