// The public surface of @meterwork/config (filled in by the issue that builds it).
export {};
