export { attributesKey } from '@meterwork/core/internal';
