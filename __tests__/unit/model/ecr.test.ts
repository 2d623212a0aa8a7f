import { describe, expect, it } from '@jest/globals';
import { ecrHost } from '../../../src/model/ecr.js';
import { loginKind } from '../../../src/planning/registry-auth.js';

describe('ecrHost', () => {
  it.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', { public: false, accountId: '123456789012', region: 'eu-west-1' }],
    [
      '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com',
      { public: false, accountId: '123456789012', region: 'us-gov-west-1' }
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      { public: false, accountId: '123456789012', region: 'cn-north-1' }
    ],
    [
      '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com',
      { public: false, accountId: '123456789012', region: 'us-east-1' }
    ],
    ['123456789012.dkr-ecr.eu-central-1.on.aws', { public: false, accountId: '123456789012', region: 'eu-central-1' }],
    ['123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM', { public: false, accountId: '123456789012', region: 'eu-west-1' }],
    ['public.ecr.aws', { public: true, region: 'us-east-1' }],
    ['ghcr.io', undefined],
    ['12345.dkr.ecr.eu-west-1.amazonaws.com', undefined],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example', undefined],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com:443', undefined],
    ['public.ecr.aws.example', undefined],
    ['127.0.0.1:5001', undefined]
  ])('%s → %j', (registry, expected) => {
    expect(ecrHost(registry)).toEqual(expected);
  });

  it.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'auto', 'ecr'],
    ['public.ecr.aws', 'auto', 'ecr'],
    ['ghcr.io', 'auto', 'password'],
    ['ghcr.io', 'true', 'ecr'],
    ['public.ecr.aws', 'false', 'password']
  ] as const)('%s with ecr: %s is a %s login, as login-action decides', (registry, ecr, kind) => {
    expect(loginKind(registry, ecr)).toBe(kind);
  });
});
