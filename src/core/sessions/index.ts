/** Induction sessions (spec/sessions.md): the data model and the pure rules. */
export * from './model';
export * from './new-session';
export * from './lateness';
export * from './prior-induction';
export * from './checkin';
export * from './roster-match';
export * from './roster';
export * from './marks';
export * from './register';
