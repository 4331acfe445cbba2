import { defineMessages } from '../../i18n/messages';

/** The workspace words the first pages need (its menu entry; the form rule the ticket actions share); the page's own in workspace-page-words.ts, loaded with it. */
export const workspaceMessages = defineMessages({
  'zh-CN': {
    'workspace.menu': '坐席工作台',
    'workspace.form.required': '必填',
  },
  en: {
    'workspace.menu': 'Agent workspace',
    'workspace.form.required': 'Required',
  },
});
