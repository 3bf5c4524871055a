// The auth tables GoTrue has and @supabase/lite 0.10.0 does not (see the SQL comment below).
export const AUTH_MFA_SCHEMA_SQL = `
-- The auth tables GoTrue has and @supabase/lite 0.10.0 does not: MFA factors, their challenges,
-- and how each session was authenticated (amr). Same names and columns as Supabase Auth's, so a
-- policy written against auth.mfa_factors (Supabase's documented aal2 policy) runs unchanged on
-- hosted Supabase, where GoTrue owns these tables. Created by the platform bootstrap
-- (stack/bootstrap.ts) before any migration, like lite's own auth tables; never by a migration.
-- Read by the gateway's auth extension (stack/auth-extension.ts).

create table if not exists auth.mfa_factors (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  friendly_name text,
  factor_type text not null check (factor_type in ('totp', 'phone', 'webauthn')),
  status text not null check (status in ('unverified', 'verified')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  secret text,
  phone text,
  last_challenged_at timestamptz,
  -- Not in GoTrue: the last TOTP time step accepted, so a code is never accepted twice.
  last_totp_step bigint
);
create index if not exists mfa_factors_user_id_idx on auth.mfa_factors (user_id);
create unique index if not exists mfa_factors_user_friendly_name_unique
  on auth.mfa_factors (friendly_name, user_id) where trim(friendly_name) <> '';

create table if not exists auth.mfa_challenges (
  id uuid primary key,
  factor_id uuid not null references auth.mfa_factors (id) on delete cascade,
  created_at timestamptz not null,
  verified_at timestamptz,
  ip_address inet not null,
  otp_code text
);
create index if not exists mfa_challenges_factor_id_idx on auth.mfa_challenges (factor_id);

create table if not exists auth.mfa_amr_claims (
  id uuid primary key,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  authentication_method text not null,
  unique (session_id, authentication_method)
);

-- Not in GoTrue (which keeps the hash in auth.users' token columns and counts no attempts): one
-- pending phone OTP per user and purpose, its keyed hash, when it was sent, and the failed tries.
create table if not exists auth.phone_otps (
  user_id uuid not null references auth.users (id) on delete cascade,
  purpose text not null check (purpose in ('sms', 'phone_change')),
  phone text not null,
  token_hash text not null,
  sent_at timestamptz not null,
  failed_attempts integer not null default 0,
  primary key (user_id, purpose)
);

-- Only the auth server reads these; policies reach them through SECURITY DEFINER helpers.
revoke all on auth.mfa_factors, auth.mfa_challenges, auth.mfa_amr_claims, auth.phone_otps from public;
do $$ begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on auth.mfa_factors, auth.mfa_challenges, auth.mfa_amr_claims, auth.phone_otps from anon, authenticated;
  end if;
end $$;
`;
