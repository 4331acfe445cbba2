import type { UseQueryResult } from '@tanstack/react-query';
import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';

/** A list of the audit pages (runs, checkpoints): compact, newest first as the API sends it, 20 a page, scrolling sideways on a narrow screen. */
export function AuditListTable<Row extends { id: string }>({
  query,
  columns,
  emptyText,
  rowAttributes,
}: {
  query: UseQueryResult<Row[]>;
  columns: ColumnsType<Row>;
  emptyText: string;
  /** Test ids and data attributes (and a click) of a row. */
  rowAttributes: (row: Row) => Record<string, unknown>;
}) {
  return (
    <Table<Row>
      size="small"
      rowKey="id"
      loading={query.isLoading}
      dataSource={query.data}
      columns={columns}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText }}
      onRow={(row) => rowAttributes(row) as HTMLAttributes<HTMLElement>}
    />
  );
}
