// Jest setupFilesAfterEnv of the e2e project: a browser flow across two users (and its server start) takes far longer
// than an API call. Only an upper bound: every wait inside ends as soon as its condition holds.
jest.setTimeout(180_000);
