// The public surface of @meterwork/tasks (filled in by the issue that builds it).
export {};
