// The public surface of @meterwork/transport-tor (filled in by the issue that builds it).
export {};
