import { Spin } from 'antd';

export function PageLoading() {
  return (
    <div style={{ padding: 48, display: 'flex', justifyContent: 'center' }}>
      <Spin />
    </div>
  );
}
