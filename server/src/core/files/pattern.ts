/** A file glob of `dealspec.config.yaml` (`ignore:` entries, a policy's `files:`), compiled once. */
export interface IgnorePattern {
  /** As written. */
  readonly pattern: string;
  /** `!pattern`: a path it matches is linted again. */
  readonly negated: boolean;
  readonly regex: RegExp;
}
