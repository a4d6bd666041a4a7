import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { validateBody } from '../../../common/validate-body.js';
import { dateParam } from '../query-params.js';
import { CreateKeyDto, UpdateKeyDto } from './key.dto.js';
import { CreateTeamDto } from './team.dto.js';

const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'accepted';
};

describe('admin input the database would refuse is a 400 naming the field', () => {
  it.each([
    ['a NUL in a key name', CreateKeyDto, { name: 'a\u0000b' }, 'name'],
    ['a NUL in a metadata value', CreateKeyDto, { name: 'a', metadata: { owner: 'x\u0000' } }, 'metadata'],
    ['a NUL in a metadata key', CreateKeyDto, { name: 'a', metadata: { 'o\u0000': 'x' } }, 'metadata'],
    ['a NUL in a model id', CreateKeyDto, { name: 'a', models: ['gpt\u0000'] }, 'models'],
    ['an empty team_id', CreateKeyDto, { name: 'a', team_id: '' }, 'team_id'],
    ['an empty team_id on update', UpdateKeyDto, { team_id: '' }, 'team_id'],
    ['an expiry before year 1', CreateKeyDto, { name: 'a', expires_at: '-271821-04-20T00:00:00Z' }, 'expires_at'],
    ['a NUL in a team name', CreateTeamDto, { name: '\u0000' }, 'name'],
  ])('%s', (_what, dto, body, param) => {
    expect(refusal(() => validateBody(dto as new () => object, body))).toMatchObject({ status: 400, param });
  });

  it('refuses usage report dates the database cannot hold', () => {
    expect(refusal(() => dateParam({ from: '-271821-04-20' }, 'from'))).toMatchObject({ status: 400, param: 'from' });
    expect(refusal(() => dateParam({ to: '+275760-09-13' }, 'to'))).toMatchObject({ status: 400, param: 'to' });
    expect(dateParam({ from: '2026-11-01' }, 'from')).toEqual(new Date('2026-11-01T00:00:00Z'));
  });

  it('still accepts ordinary input, and null to leave a team', () => {
    expect(refusal(() => validateBody(CreateKeyDto, { name: 'alice', team_id: 'team_1', metadata: { owner: 'ops' }, expires_at: '2027-01-01T00:00:00Z' }))).toBe('accepted');
    expect(refusal(() => validateBody(UpdateKeyDto, { team_id: null }))).toBe('accepted');
  });
});
