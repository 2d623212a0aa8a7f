// Amazon ECR's registry hosts, as AWS names them: private registries
// <account>.dkr.ecr.<region>.amazonaws.com (and the dkr-ecr, .amazonaws.com.cn and FIPS spellings),
// and ECR Public, public.ecr.aws.

/** What planning knows of the ECR login kind (registry/login-kinds/ecr-login.ts makes the login). */
export const ecrLoginRules = {
  // Without keys, the AWS SDK's own credential chain (OIDC through aws-actions/configure-aws-credentials).
  keyless: true,
  label: (registry: string): string => `ECR at ${registry}`,
  secretNames: { username: 'for ECR: the AWS access key id', password: 'for ECR: the AWS secret access key' }
};

/** What an ECR host says about where its token comes from. */
export interface EcrHost {
  /** ECR Public: its token comes from the ecr-public API in us-east-1, whatever the runner's region. */
  public: boolean;
  /** The region of the ECR API to ask; ECR Public's API lives in us-east-1 only. */
  region: string;
  /** The registry's AWS account (private registries only). */
  accountId?: string;
}

const ECR_PUBLIC_HOST = 'public.ecr.aws';
const ECR_PUBLIC_REGION = 'us-east-1';
const privateHost =
  /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws|amazonaws\.eu)$/;

/** The ECR host a registry name is, or undefined when it is not one. */
export function ecrHost(registry: string): EcrHost | undefined {
  const host = registry.toLowerCase();
  if (host === ECR_PUBLIC_HOST) return { public: true, region: ECR_PUBLIC_REGION };
  const match = privateHost.exec(host);
  if (!match) return undefined;
  return { public: false, accountId: match[1] as string, region: match[2] as string };
}
