// A lazy chunk: what it uses of the console comes in through the kit (category-suggestions-kit.ts says why), and its
// elements are kit.h(...) calls for the same reason (JSX would import react/jsx-runtime). Its one import, the contract,
// is a module no first page loads.
import type { FormInstance } from 'antd';
import type { ContractResponse } from '@shared/contracts/contract';
import { suggestCategoriesContract } from '@shared/contracts/assist.contracts';
import type { TicketType } from '@shared/tickets/ticket-vocabulary';
import type { FeatureMessages } from '../../../i18n/messages';
import type { CategorySuggestionsKit } from './category-suggestions-kit';
import type { TicketFormValues } from './TicketForm';

export type CategorySuggestion = ContractResponse<typeof suggestCategoriesContract>['items'][number];

/** The picker's tree as the form builds it: a node's label is its path in the console's language. */
interface CategoryNode {
  value: string;
  label: string;
  children?: CategoryNode[];
}

/** A description shorter than this says too little to suggest from (two Chinese characters make one pair). */
export const SUGGEST_MIN_CHARS = 4;
const DEBOUNCE_MS = 400;
const TERMS_SHOWN = 4;

/**
 * The suggestions for what the agent has typed so far, asked 400 ms after the last keystroke: the subject and the
 * description, as the model learned closed tickets, once the description has begun. The query key is the text itself:
 * an answer that comes back after a newer question was asked is kept under its own key and never shown for the newer
 * text; while the next answer loads, the last one stays on screen (no flicker).
 */
function useCategorySuggestions(kit: CategorySuggestionsKit, values: Partial<TicketFormValues>, type: TicketType) {
  const description = values.description?.trim() ?? '';
  const wanted = description.length >= SUGGEST_MIN_CHARS ? [values.subject?.trim(), description].filter(Boolean).join('\n') : null;
  const [debounced, setDebounced] = kit.useState<string | null>(wanted);
  kit.useEffect(() => {
    const timer = setTimeout(() => setDebounced(wanted), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [wanted]);
  const query = kit.useQuery({
    queryKey: ['assist-suggest', type, debounced],
    queryFn: ({ signal }) => kit.callApi(suggestCategoriesContract, { body: { text: debounced!, type } }, { signal }),
    enabled: debounced !== null,
    placeholderData: kit.keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  return { ...query, active: wanted !== null, pending: wanted !== debounced || query.isFetching };
}

/** Data attributes, which JSX would take as they are, spread into a props object. */
const testId = (id: string) => ({ 'data-testid': id });

function pathsOf(tree: CategoryNode[]): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (nodes: CategoryNode[]) => nodes.forEach((node) => (paths.set(node.value, node.label), walk(node.children ?? [])));
  walk(tree);
  return paths;
}

/**
 * Three likely categories for the description being typed, each with its confidence, the priority and departments it
 * implies and the words that weighed most. A click applies one: the category, and its priority unless the agent chose
 * one; the agent may still pick any category in the picker.
 */
export function CategorySuggestions({
  kit,
  form,
  tree,
  type,
  values,
}: {
  kit: CategorySuggestionsKit;
  form: FormInstance;
  /** The categories the form's picker offers for the type. */
  tree: CategoryNode[];
  type: TicketType;
  /** The form's values as typed so far. */
  values: Partial<TicketFormValues>;
}) {
  const { h, ui } = kit;
  const { t, locale } = kit.useLocale();
  const suggestions = useCategorySuggestions(kit, values, type);
  // The priority the last applied suggestion set: replaced by the next one, unless the agent has changed it since.
  const [setPriority, rememberPriority] = kit.useState<string | undefined>(undefined);
  if (!suggestions.active) return null;
  const paths = pathsOf(tree);
  const answer = suggestions.data;

  const apply = (suggestion: CategorySuggestion) => {
    const current = form.getFieldValue('priority') as string | undefined;
    const agentsOwn = current !== undefined && current !== setPriority;
    if (type === 'complaint' && !agentsOwn) {
      // No default priority: back to "decided on save", not the previous suggestion's.
      const priority = suggestion.priority ?? undefined;
      form.setFieldsValue({ categoryId: suggestion.categoryId, priority });
      rememberPriority(priority);
    } else form.setFieldsValue({ categoryId: suggestion.categoryId });
    void form.validateFields(['categoryId']).catch(() => undefined);
  };

  const small = (content: string, props: Record<string, unknown> = {}) =>
    h(ui.Typography.Text, { type: 'secondary', style: { fontSize: 12 }, ...props }, content);

  const row = (suggestion: CategorySuggestion, index: number) => {
    const path = paths.get(suggestion.categoryId);
    const chosen = suggestion.categoryId === values.categoryId;
    const percent = Math.round(suggestion.score * 100);
    // A naive Bayes model is sure of itself: the runners-up often round to 0 % (the API's score to 0), which would read
    // as "impossible"; a category the model ranks is not.
    const shown = percent === 0 ? '<1' : String(percent);
    const separator = locale === 'en' ? ', ' : '、';
    return h(
      'div',
      {
        key: suggestion.categoryId,
        'data-testid': 'category-suggestion',
        'data-category-id': suggestion.categoryId,
        'data-score': suggestion.score,
        'data-chosen': String(chosen),
        style: {
          display: 'flex',
          alignItems: 'center',
          flexWrap: 'wrap',
          gap: 8,
          padding: '4px 8px',
          borderRadius: 6,
          border: `1px solid ${chosen ? '#91caff' : '#f0f0f0'}`,
          background: chosen ? '#e6f4ff' : '#fafafa',
        },
      },
      h(
        ui.Button,
        {
          size: 'small',
          type: index === 0 && !chosen ? 'primary' : 'default',
          ghost: index === 0 && !chosen,
          // A category the picker does not offer (inactive since the model learned it) cannot be applied.
          disabled: path === undefined || chosen,
          onClick: () => apply(suggestion),
          'data-testid': 'category-suggestion-apply',
        },
        t(chosen ? 'assist.suggest.applied' : 'assist.suggest.apply'),
      ),
      h(ui.Typography.Text, { strong: true, ...testId('category-suggestion-name') }, path ?? kit.nameOf(suggestion.category, locale)),
      h(
        ui.Tag,
        { color: percent >= 60 ? 'green' : percent >= 30 ? 'gold' : 'default', style: { marginInlineEnd: 0 }, ...testId('category-suggestion-confidence') },
        t('assist.suggest.confidence', { percent: shown }),
      ),
      suggestion.priority &&
        small(t('assist.suggest.priority', { priority: t(`priority.${suggestion.priority}`) }), {
          'data-testid': 'category-suggestion-priority',
          'data-priority': suggestion.priority,
        }),
      suggestion.ccDepartments.length > 0 &&
        small(t('assist.suggest.cc', { departments: suggestion.ccDepartments.map((department) => kit.nameOf(department, locale)).join(separator) }), {
          'data-testid': 'category-suggestion-cc',
        }),
      suggestion.terms.length > 0 &&
        h(
          ui.Tooltip,
          { title: t('assist.suggest.termsHint') },
          h(
            'span',
            { 'data-testid': 'category-suggestion-terms' },
            ...suggestion.terms
              .slice(0, TERMS_SHOWN)
              .map((term) => h(ui.Tag, { key: term.term, bordered: false, style: { fontSize: 11, lineHeight: '16px', paddingInline: 4, marginInlineEnd: 4 } }, term.term)),
          ),
        ),
    );
  };

  return h(
    'div',
    {
      'data-testid': 'category-suggestions',
      'data-source': answer?.source ?? '',
      'data-model-id': answer?.modelId ?? '',
      'data-pending': String(suggestions.pending),
      style: { marginTop: -12, marginBottom: 12, opacity: suggestions.pending && answer ? 0.6 : 1 },
    },
    h(
      ui.Space,
      { size: 6, style: { marginBottom: 4 } },
      small(t('assist.suggest.title')),
      answer &&
        h(
          ui.Tooltip,
          { title: t(`assist.suggest.sourceHint.${answer.source}`) },
          small(`· ${t(`assist.suggest.source.${answer.source}`)}`, { style: { fontSize: 11 }, 'data-testid': 'category-suggestions-source' }),
        ),
      suggestions.pending && h(ui.Spin, { size: 'small' }),
    ),
    suggestions.error && !answer && small(t('assist.suggest.unavailable'), { style: { fontSize: 12, display: 'block' } }),
    answer && answer.items.length === 0 && small(t('assist.suggest.none'), { style: { fontSize: 12, display: 'block' }, 'data-testid': 'category-suggestions-none' }),
    answer && answer.items.length > 0 && h(ui.Space, { direction: 'vertical', size: 4, style: { width: '100%' } }, ...answer.items.map(row)),
  );
}

/** The suggestions' words, registered when their chunk loads. */
export const categorySuggestionsMessages = {
  'zh-CN': {
    'assist.suggest.title': '建议类别',
    'assist.suggest.source.model': '由历史工单学习',
    'assist.suggest.source.keywords': '关键词规则',
    'assist.suggest.sourceHint.model': '模型从已确认类别的历史工单（含导入的历史投诉）学习而来',
    'assist.suggest.sourceHint.keywords': '确认过的历史工单尚不足以训练模型，暂按各类别的关键词规则建议',
    'assist.suggest.apply': '采用',
    'assist.suggest.applied': '已采用',
    'assist.suggest.confidence': '置信度 {percent}%',
    'assist.suggest.priority': '优先级 {priority}',
    'assist.suggest.cc': '抄送 {departments}',
    'assist.suggest.termsHint': '对该建议影响最大的词',
    'assist.suggest.none': '暂无建议，请直接选择类别',
    'assist.suggest.unavailable': '暂时无法给出建议，请直接选择类别',
  },
  en: {
    'assist.suggest.title': 'Suggested categories',
    'assist.suggest.source.model': 'learned from past tickets',
    'assist.suggest.source.keywords': 'keyword rules',
    'assist.suggest.sourceHint.model': 'A model learned from past tickets whose category was confirmed (imported complaint history included)',
    'assist.suggest.sourceHint.keywords': 'Not enough confirmed tickets to train a model yet: suggested by the categories’ keyword rules',
    'assist.suggest.apply': 'Apply',
    'assist.suggest.applied': 'Applied',
    'assist.suggest.confidence': '{percent}% confident',
    'assist.suggest.priority': 'Priority {priority}',
    'assist.suggest.cc': 'Copies {departments}',
    'assist.suggest.termsHint': 'The words that weighed most for this suggestion',
    'assist.suggest.none': 'No suggestion yet: choose the category yourself',
    'assist.suggest.unavailable': 'Suggestions are unavailable just now: choose the category yourself',
  },
} satisfies FeatureMessages;
