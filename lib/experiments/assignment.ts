// Assignment (hash v2, bucket ranges, choosing a variant) is the SDK's own file: an SDK that
// assigns locally and the server that checks what it reports run the same code, not a copy.
export * from '@/sdk/src/assignment';
