// TRANSITIONAL re-export
export * from '../core/registry';
