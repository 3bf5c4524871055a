
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "agencies": {
                  Row: {
                    "city": string | null,"created_at": string,"created_by": string | null,"id": string,"name": string
                  }
                  ComputedFields: never
                  Insert: {
                    "city"?: string | null,"created_at"?: string,"created_by"?: string | null,"id"?: string,"name": string
                  }
                  Update: {
                    "city"?: string | null,"created_at"?: string,"created_by"?: string | null,"id"?: string,"name"?: string
                  }
                  Relationships: [
                    
                  ]
                },"agency_members": {
                  Row: {
                    "agency_id": string,"agency_role": Database["public"]['Enums']["agency_role"],"created_at": string,"id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agency_id": string,"agency_role"?: Database["public"]['Enums']["agency_role"],"created_at"?: string,"id"?: string,"user_id": string
                  }
                  Update: {
                    "agency_id"?: string,"agency_role"?: Database["public"]['Enums']["agency_role"],"created_at"?: string,"id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "agency_members_agency_id_fkey"
      columns: ["agency_id"]
isOneToOne: false
      referencedRelation: "agencies"
      referencedColumns: ["id"]
    }
                  ]
                },"audit_log": {
                  Row: {
                    "action": string,"actor_id": string | null,"actor_role": string | null,"id": number,"new_data": Json | null,"occurred_at": string,"old_data": Json | null,"project_id": string | null,"row_id": string | null,"table_name": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"actor_id"?: string | null,"actor_role"?: string | null,"id"?: never,"new_data"?: Json | null,"occurred_at"?: string,"old_data"?: Json | null,"project_id"?: string | null,"row_id"?: string | null,"table_name": string
                  }
                  Update: {
                    "action"?: string,"actor_id"?: string | null,"actor_role"?: string | null,"id"?: never,"new_data"?: Json | null,"occurred_at"?: string,"old_data"?: Json | null,"project_id"?: string | null,"row_id"?: string | null,"table_name"?: string
                  }
                  Relationships: [
                    
                  ]
                },"audition_bookings": {
                  Row: {
                    "booked_by": string | null,"casting_role_id": string,"created_at": string,"during": unknown,"id": string,"project_id": string,"slot_id": string,"status": Database["public"]['Enums']["booking_status"],"talent_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "booked_by"?: string | null,"casting_role_id": string,"created_at"?: string,"during": unknown,"id"?: string,"project_id": string,"slot_id": string,"status"?: Database["public"]['Enums']["booking_status"],"talent_id": string,"updated_at"?: string
                  }
                  Update: {
                    "booked_by"?: string | null,"casting_role_id"?: string,"created_at"?: string,"during"?: unknown,"id"?: string,"project_id"?: string,"slot_id"?: string,"status"?: Database["public"]['Enums']["booking_status"],"talent_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "audition_bookings_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "audition_bookings_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "audition_bookings_slot_id_fkey"
      columns: ["slot_id"]
isOneToOne: false
      referencedRelation: "audition_slots"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "audition_bookings_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"audition_slots": {
                  Row: {
                    "capacity": number,"casting_role_id": string,"created_at": string,"created_by": string | null,"ends_at": string,"id": string,"location": string | null,"notes": string | null,"project_id": string,"starts_at": string,"video_link": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "capacity": number,"casting_role_id": string,"created_at"?: string,"created_by"?: string | null,"ends_at": string,"id"?: string,"location"?: string | null,"notes"?: string | null,"project_id": string,"starts_at": string,"video_link"?: string | null
                  }
                  Update: {
                    "capacity"?: number,"casting_role_id"?: string,"created_at"?: string,"created_by"?: string | null,"ends_at"?: string,"id"?: string,"location"?: string | null,"notes"?: string | null,"project_id"?: string,"starts_at"?: string,"video_link"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "audition_slots_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "audition_slots_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                },"budget_lines": {
                  Row: {
                    "amount_paise": number,"casting_role_id": string | null,"category": string,"created_at": string,"created_by": string | null,"description": string | null,"id": string,"project_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount_paise": number,"casting_role_id"?: string | null,"category": string,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"id"?: string,"project_id": string,"updated_at"?: string
                  }
                  Update: {
                    "amount_paise"?: number,"casting_role_id"?: string | null,"category"?: string,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"id"?: string,"project_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "budget_lines_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "budget_lines_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                },"casting_roles": {
                  Row: {
                    "age_max": number | null,"age_min": number | null,"archived_at": string | null,"archived_by": string | null,"city": string | null,"created_at": string,"created_by": string | null,"description": string | null,"embedded_at": string | null,"embedding": unknown,"gender": Database["public"]['Enums']["gender"] | null,"id": string,"languages": (string)[],"name": string,"pay_paise": number | null,"project_id": string,"search_text": string | null,"search_tsv": unknown,"skills": (string)[],"status": Database["public"]['Enums']["casting_role_status"],"submission_deadline": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "age_max"?: number | null,"age_min"?: number | null,"archived_at"?: string | null,"archived_by"?: string | null,"city"?: string | null,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"embedded_at"?: string | null,"embedding"?: unknown,"gender"?: Database["public"]['Enums']["gender"] | null,"id"?: string,"languages"?: (string)[],"name": string,"pay_paise"?: number | null,"project_id": string,"search_text"?: string | null,"search_tsv"?: never,"skills"?: (string)[],"status"?: Database["public"]['Enums']["casting_role_status"],"submission_deadline"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "age_max"?: number | null,"age_min"?: number | null,"archived_at"?: string | null,"archived_by"?: string | null,"city"?: string | null,"created_at"?: string,"created_by"?: string | null,"description"?: string | null,"embedded_at"?: string | null,"embedding"?: unknown,"gender"?: Database["public"]['Enums']["gender"] | null,"id"?: string,"languages"?: (string)[],"name"?: string,"pay_paise"?: number | null,"project_id"?: string,"search_text"?: string | null,"search_tsv"?: never,"skills"?: (string)[],"status"?: Database["public"]['Enums']["casting_role_status"],"submission_deadline"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "casting_roles_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                },"consent_notice_translations": {
                  Row: {
                    "body": string,"language": string,"notice_version": number,"published_at": string,"purpose": Database["public"]['Enums']["consent_purpose"],"reviewed_by": string,"reviewed_on": string,"translated_by": string
                  }
                  ComputedFields: never
                  Insert: {
                    "body": string,"language": string,"notice_version": number,"published_at"?: string,"purpose": Database["public"]['Enums']["consent_purpose"],"reviewed_by": string,"reviewed_on": string,"translated_by": string
                  }
                  Update: {
                    "body"?: string,"language"?: string,"notice_version"?: number,"published_at"?: string,"purpose"?: Database["public"]['Enums']["consent_purpose"],"reviewed_by"?: string,"reviewed_on"?: string,"translated_by"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "consent_notice_translations_language_fkey"
      columns: ["language"]
isOneToOne: false
      referencedRelation: "notice_languages"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "consent_notice_translations_language_fkey"
      columns: ["language"]
isOneToOne: false
      referencedRelation: "notice_translations_status"
      referencedColumns: ["language"]
    },{
      foreignKeyName: "consent_notice_translations_purpose_notice_version_fkey"
      columns: ["purpose","notice_version"]
isOneToOne: false
      referencedRelation: "consent_notices"
      referencedColumns: ["purpose","version"]
    },{
      foreignKeyName: "consent_notice_translations_purpose_notice_version_fkey"
      columns: ["purpose","notice_version"]
isOneToOne: false
      referencedRelation: "notice_translations_status"
      referencedColumns: ["purpose","current_version"]
    }
                  ]
                },"consent_notices": {
                  Row: {
                    "body": string,"published_at": string,"purpose": Database["public"]['Enums']["consent_purpose"],"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "body": string,"published_at"?: string,"purpose": Database["public"]['Enums']["consent_purpose"],"version": number
                  }
                  Update: {
                    "body"?: string,"published_at"?: string,"purpose"?: Database["public"]['Enums']["consent_purpose"],"version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"consents": {
                  Row: {
                    "given_at": string,"given_by": string,"guardian_consent_id": string | null,"id": string,"notice_language": string,"notice_version": number,"purpose": Database["public"]['Enums']["consent_purpose"],"user_id": string,"withdrawn_at": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "given_at"?: string,"given_by"?: string,"guardian_consent_id"?: string | null,"id"?: string,"notice_language"?: string,"notice_version": number,"purpose": Database["public"]['Enums']["consent_purpose"],"user_id"?: string,"withdrawn_at"?: string | null
                  }
                  Update: {
                    "given_at"?: string,"given_by"?: string,"guardian_consent_id"?: string | null,"id"?: string,"notice_language"?: string,"notice_version"?: number,"purpose"?: Database["public"]['Enums']["consent_purpose"],"user_id"?: string,"withdrawn_at"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "consents_guardian_consent_id_fkey"
      columns: ["guardian_consent_id"]
isOneToOne: false
      referencedRelation: "guardian_consents"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "consents_purpose_notice_version_fkey"
      columns: ["purpose","notice_version"]
isOneToOne: false
      referencedRelation: "consent_notices"
      referencedColumns: ["purpose","version"]
    },{
      foreignKeyName: "consents_purpose_notice_version_fkey"
      columns: ["purpose","notice_version"]
isOneToOne: false
      referencedRelation: "notice_translations_status"
      referencedColumns: ["purpose","current_version"]
    }
                  ]
                },"guardian_consents": {
                  Row: {
                    "answered_at": string | null,"answered_purposes": (Database["public"]['Enums']["consent_purpose"])[] | null,"evidence": Json | null,"expires_at": string,"guardian_email": string,"guardian_name": string,"id": string,"language": string,"purposes": (Database["public"]['Enums']["consent_purpose"])[],"requested_at": string,"requested_by": string | null,"status": string,"talent_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "answered_at"?: string | null,"answered_purposes"?: (Database["public"]['Enums']["consent_purpose"])[] | null,"evidence"?: Json | null,"expires_at"?: string,"guardian_email": string,"guardian_name": string,"id"?: string,"language"?: string,"purposes"?: (Database["public"]['Enums']["consent_purpose"])[],"requested_at"?: string,"requested_by"?: string | null,"status"?: string,"talent_id": string
                  }
                  Update: {
                    "answered_at"?: string | null,"answered_purposes"?: (Database["public"]['Enums']["consent_purpose"])[] | null,"evidence"?: Json | null,"expires_at"?: string,"guardian_email"?: string,"guardian_name"?: string,"id"?: string,"language"?: string,"purposes"?: (Database["public"]['Enums']["consent_purpose"])[],"requested_at"?: string,"requested_by"?: string | null,"status"?: string,"talent_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "guardian_consents_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"nda_acceptances": {
                  Row: {
                    "accepted_at": string,"id": string,"project_id": string,"user_id": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "accepted_at"?: string,"id"?: string,"project_id": string,"user_id"?: string,"version": number
                  }
                  Update: {
                    "accepted_at"?: string,"id"?: string,"project_id"?: string,"user_id"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "nda_acceptances_project_id_version_fkey"
      columns: ["project_id","version"]
isOneToOne: false
      referencedRelation: "project_ndas"
      referencedColumns: ["project_id","version"]
    }
                  ]
                },"notice_languages": {
                  Row: {
                    "code": string,"eighth_schedule": boolean,"name": string,"native_name": string,"script": string
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"eighth_schedule": boolean,"name": string,"native_name": string,"script": string
                  }
                  Update: {
                    "code"?: string,"eighth_schedule"?: boolean,"name"?: string,"native_name"?: string,"script"?: string
                  }
                  Relationships: [
                    
                  ]
                },"notifications": {
                  Row: {
                    "body": string | null,"created_at": string,"data": NonNullable<Json>,"email_to": string | null,"emailed_at": string | null,"id": string,"kind": string,"read_at": string | null,"title": string,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "body"?: string | null,"created_at"?: string,"data"?: NonNullable<Json>,"email_to"?: string | null,"emailed_at"?: string | null,"id"?: string,"kind": string,"read_at"?: string | null,"title": string,"user_id"?: string | null
                  }
                  Update: {
                    "body"?: string | null,"created_at"?: string,"data"?: NonNullable<Json>,"email_to"?: string | null,"emailed_at"?: string | null,"id"?: string,"kind"?: string,"read_at"?: string | null,"title"?: string,"user_id"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"offers": {
                  Row: {
                    "casting_role_id": string,"created_at": string,"created_by": string | null,"decided_at": string | null,"expires_at": string | null,"fee_paise": number,"id": string,"over_budget": boolean,"over_budget_acknowledged": boolean,"project_id": string,"status": Database["public"]['Enums']["offer_status"],"submission_id": string,"talent_id": string,"terms": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "casting_role_id": string,"created_at"?: string,"created_by"?: string | null,"decided_at"?: string | null,"expires_at"?: string | null,"fee_paise": number,"id"?: string,"over_budget"?: boolean,"over_budget_acknowledged"?: boolean,"project_id": string,"status"?: Database["public"]['Enums']["offer_status"],"submission_id": string,"talent_id": string,"terms"?: string | null
                  }
                  Update: {
                    "casting_role_id"?: string,"created_at"?: string,"created_by"?: string | null,"decided_at"?: string | null,"expires_at"?: string | null,"fee_paise"?: number,"id"?: string,"over_budget"?: boolean,"over_budget_acknowledged"?: boolean,"project_id"?: string,"status"?: Database["public"]['Enums']["offer_status"],"submission_id"?: string,"talent_id"?: string,"terms"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "offers_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "offers_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "offers_submission_id_fkey"
      columns: ["submission_id"]
isOneToOne: false
      referencedRelation: "submissions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "offers_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"profiles": {
                  Row: {
                    "avatar_path": string | null,"created_at": string,"full_name": string,"id": string,"preferred_language": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_path"?: string | null,"created_at"?: string,"full_name"?: string,"id": string,"preferred_language"?: string,"updated_at"?: string
                  }
                  Update: {
                    "avatar_path"?: string | null,"created_at"?: string,"full_name"?: string,"id"?: string,"preferred_language"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"project_invitations": {
                  Row: {
                    "casting_role_id": string,"created_at": string,"id": string,"invited_by": string | null,"project_id": string,"talent_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "casting_role_id": string,"created_at"?: string,"id"?: string,"invited_by"?: string | null,"project_id": string,"talent_id": string
                  }
                  Update: {
                    "casting_role_id"?: string,"created_at"?: string,"id"?: string,"invited_by"?: string | null,"project_id"?: string,"talent_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "project_invitations_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "project_invitations_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "project_invitations_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"project_members": {
                  Row: {
                    "added_by": string | null,"created_at": string,"id": string,"project_id": string,"project_role": Database["public"]['Enums']["project_role"],"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "added_by"?: string | null,"created_at"?: string,"id"?: string,"project_id": string,"project_role": Database["public"]['Enums']["project_role"],"user_id": string
                  }
                  Update: {
                    "added_by"?: string | null,"created_at"?: string,"id"?: string,"project_id"?: string,"project_role"?: Database["public"]['Enums']["project_role"],"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "project_members_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                },"project_ndas": {
                  Row: {
                    "body": string,"project_id": string,"published_at": string,"published_by": string | null,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "body": string,"project_id": string,"published_at"?: string,"published_by"?: string | null,"version": number
                  }
                  Update: {
                    "body"?: string,"project_id"?: string,"published_at"?: string,"published_by"?: string | null,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "project_ndas_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                },"projects": {
                  Row: {
                    "archived_at": string | null,"archived_by": string | null,"created_at": string,"created_by": string | null,"id": string,"is_confidential": boolean,"language": string | null,"logline": string | null,"platform": string | null,"require_mfa": boolean,"status": Database["public"]['Enums']["project_status"],"title": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "archived_at"?: string | null,"archived_by"?: string | null,"created_at"?: string,"created_by"?: string | null,"id"?: string,"is_confidential"?: boolean,"language"?: string | null,"logline"?: string | null,"platform"?: string | null,"require_mfa"?: boolean,"status"?: Database["public"]['Enums']["project_status"],"title": string,"updated_at"?: string
                  }
                  Update: {
                    "archived_at"?: string | null,"archived_by"?: string | null,"created_at"?: string,"created_by"?: string | null,"id"?: string,"is_confidential"?: boolean,"language"?: string | null,"logline"?: string | null,"platform"?: string | null,"require_mfa"?: boolean,"status"?: Database["public"]['Enums']["project_status"],"title"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"representations": {
                  Row: {
                    "agency_id": string,"created_at": string,"id": string,"proposed_by": string | null,"responded_at": string | null,"status": Database["public"]['Enums']["representation_status"],"talent_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "agency_id": string,"created_at"?: string,"id"?: string,"proposed_by"?: string | null,"responded_at"?: string | null,"status"?: Database["public"]['Enums']["representation_status"],"talent_id": string
                  }
                  Update: {
                    "agency_id"?: string,"created_at"?: string,"id"?: string,"proposed_by"?: string | null,"responded_at"?: string | null,"status"?: Database["public"]['Enums']["representation_status"],"talent_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "representations_agency_id_fkey"
      columns: ["agency_id"]
isOneToOne: false
      referencedRelation: "agencies"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "representations_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"role_requests": {
                  Row: {
                    "company": string | null,"created_at": string,"id": string,"reason": string | null,"review_note": string | null,"reviewed_at": string | null,"reviewed_by": string | null,"role": Database["public"]['Enums']["app_role"],"status": Database["public"]['Enums']["request_status"],"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "company"?: string | null,"created_at"?: string,"id"?: string,"reason"?: string | null,"review_note"?: string | null,"reviewed_at"?: string | null,"reviewed_by"?: string | null,"role": Database["public"]['Enums']["app_role"],"status"?: Database["public"]['Enums']["request_status"],"user_id"?: string
                  }
                  Update: {
                    "company"?: string | null,"created_at"?: string,"id"?: string,"reason"?: string | null,"review_note"?: string | null,"reviewed_at"?: string | null,"reviewed_by"?: string | null,"role"?: Database["public"]['Enums']["app_role"],"status"?: Database["public"]['Enums']["request_status"],"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"self_tape_requests": {
                  Row: {
                    "casting_role_id": string,"created_at": string,"due_at": string,"id": string,"instructions": string,"media_id": string | null,"project_id": string,"requested_by": string | null,"status": Database["public"]['Enums']["self_tape_status"],"submitted_at": string | null,"talent_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "casting_role_id": string,"created_at"?: string,"due_at": string,"id"?: string,"instructions": string,"media_id"?: string | null,"project_id": string,"requested_by"?: string | null,"status"?: Database["public"]['Enums']["self_tape_status"],"submitted_at"?: string | null,"talent_id": string
                  }
                  Update: {
                    "casting_role_id"?: string,"created_at"?: string,"due_at"?: string,"id"?: string,"instructions"?: string,"media_id"?: string | null,"project_id"?: string,"requested_by"?: string | null,"status"?: Database["public"]['Enums']["self_tape_status"],"submitted_at"?: string | null,"talent_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "self_tape_requests_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "self_tape_requests_media_id_fkey"
      columns: ["media_id"]
isOneToOne: false
      referencedRelation: "talent_media"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "self_tape_requests_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "self_tape_requests_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"shortlist_items": {
                  Row: {
                    "added_by": string | null,"casting_role_id": string,"created_at": string,"id": string,"note": string | null,"project_id": string,"rank": number,"shortlist_id": string,"talent_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "added_by"?: string | null,"casting_role_id": string,"created_at"?: string,"id"?: string,"note"?: string | null,"project_id": string,"rank"?: number,"shortlist_id": string,"talent_id": string
                  }
                  Update: {
                    "added_by"?: string | null,"casting_role_id"?: string,"created_at"?: string,"id"?: string,"note"?: string | null,"project_id"?: string,"rank"?: number,"shortlist_id"?: string,"talent_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "shortlist_items_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shortlist_items_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shortlist_items_shortlist_id_fkey"
      columns: ["shortlist_id"]
isOneToOne: false
      referencedRelation: "shortlists"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shortlist_items_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"shortlist_shares": {
                  Row: {
                    "created_at": string,"created_by": string | null,"expires_at": string,"id": string,"label": string | null,"project_id": string,"revoked_at": string | null,"shortlist_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"expires_at"?: string,"id"?: string,"label"?: string | null,"project_id": string,"revoked_at"?: string | null,"shortlist_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"expires_at"?: string,"id"?: string,"label"?: string | null,"project_id"?: string,"revoked_at"?: string | null,"shortlist_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "shortlist_shares_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shortlist_shares_shortlist_id_fkey"
      columns: ["shortlist_id"]
isOneToOne: false
      referencedRelation: "shortlists"
      referencedColumns: ["id"]
    }
                  ]
                },"shortlist_votes": {
                  Row: {
                    "comment": string | null,"created_at": string,"id": string,"project_id": string,"shortlist_item_id": string,"updated_at": string,"user_id": string,"vote": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "comment"?: string | null,"created_at"?: string,"id"?: string,"project_id": string,"shortlist_item_id": string,"updated_at"?: string,"user_id"?: string,"vote"?: number | null
                  }
                  Update: {
                    "comment"?: string | null,"created_at"?: string,"id"?: string,"project_id"?: string,"shortlist_item_id"?: string,"updated_at"?: string,"user_id"?: string,"vote"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "shortlist_votes_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shortlist_votes_shortlist_item_id_fkey"
      columns: ["shortlist_item_id"]
isOneToOne: false
      referencedRelation: "shortlist_items"
      referencedColumns: ["id"]
    }
                  ]
                },"shortlists": {
                  Row: {
                    "archived_at": string | null,"archived_by": string | null,"casting_role_id": string,"created_at": string,"created_by": string | null,"id": string,"name": string,"project_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "archived_at"?: string | null,"archived_by"?: string | null,"casting_role_id": string,"created_at"?: string,"created_by"?: string | null,"id"?: string,"name": string,"project_id": string
                  }
                  Update: {
                    "archived_at"?: string | null,"archived_by"?: string | null,"casting_role_id"?: string,"created_at"?: string,"created_by"?: string | null,"id"?: string,"name"?: string,"project_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "shortlists_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shortlists_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                },"submission_evaluations": {
                  Row: {
                    "author_id": string,"casting_role_id": string,"created_at": string,"id": string,"note": string | null,"project_id": string,"rating": number | null,"submission_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "author_id"?: string,"casting_role_id": string,"created_at"?: string,"id"?: string,"note"?: string | null,"project_id": string,"rating"?: number | null,"submission_id": string,"updated_at"?: string
                  }
                  Update: {
                    "author_id"?: string,"casting_role_id"?: string,"created_at"?: string,"id"?: string,"note"?: string | null,"project_id"?: string,"rating"?: number | null,"submission_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "submission_evaluations_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "submission_evaluations_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "submission_evaluations_submission_id_fkey"
      columns: ["submission_id"]
isOneToOne: false
      referencedRelation: "submissions"
      referencedColumns: ["id"]
    }
                  ]
                },"submissions": {
                  Row: {
                    "casting_role_id": string,"cover_note": string | null,"created_at": string,"id": string,"media_ids": (string)[],"project_id": string,"status": Database["public"]['Enums']["submission_status"],"submitted_by": string | null,"talent_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "casting_role_id": string,"cover_note"?: string | null,"created_at"?: string,"id"?: string,"media_ids"?: (string)[],"project_id": string,"status"?: Database["public"]['Enums']["submission_status"],"submitted_by"?: string | null,"talent_id": string,"updated_at"?: string
                  }
                  Update: {
                    "casting_role_id"?: string,"cover_note"?: string | null,"created_at"?: string,"id"?: string,"media_ids"?: (string)[],"project_id"?: string,"status"?: Database["public"]['Enums']["submission_status"],"submitted_by"?: string | null,"talent_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "submissions_casting_role_id_fkey"
      columns: ["casting_role_id"]
isOneToOne: false
      referencedRelation: "casting_roles"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "submissions_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "submissions_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"talent_contacts": {
                  Row: {
                    "email": string | null,"phone": string | null,"talent_id": string,"updated_at": string,"whatsapp": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "email"?: string | null,"phone"?: string | null,"talent_id": string,"updated_at"?: string,"whatsapp"?: string | null
                  }
                  Update: {
                    "email"?: string | null,"phone"?: string | null,"talent_id"?: string,"updated_at"?: string,"whatsapp"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "talent_contacts_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: true
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"talent_credits": {
                  Row: {
                    "character_name": string | null,"created_at": string,"director": string | null,"id": string,"medium": Database["public"]['Enums']["credit_medium"],"platform": string | null,"talent_id": string,"title": string,"year": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "character_name"?: string | null,"created_at"?: string,"director"?: string | null,"id"?: string,"medium": Database["public"]['Enums']["credit_medium"],"platform"?: string | null,"talent_id": string,"title": string,"year"?: number | null
                  }
                  Update: {
                    "character_name"?: string | null,"created_at"?: string,"director"?: string | null,"id"?: string,"medium"?: Database["public"]['Enums']["credit_medium"],"platform"?: string | null,"talent_id"?: string,"title"?: string,"year"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "talent_credits_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"talent_media": {
                  Row: {
                    "bucket": string,"created_at": string,"duration_seconds": number | null,"id": string,"is_primary": boolean,"kind": Database["public"]['Enums']["media_kind"],"storage_path": string,"talent_id": string,"title": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "bucket": string,"created_at"?: string,"duration_seconds"?: number | null,"id"?: string,"is_primary"?: boolean,"kind": Database["public"]['Enums']["media_kind"],"storage_path": string,"talent_id": string,"title"?: string | null
                  }
                  Update: {
                    "bucket"?: string,"created_at"?: string,"duration_seconds"?: number | null,"id"?: string,"is_primary"?: boolean,"kind"?: Database["public"]['Enums']["media_kind"],"storage_path"?: string,"talent_id"?: string,"title"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "talent_media_talent_id_fkey"
      columns: ["talent_id"]
isOneToOne: false
      referencedRelation: "talent_profiles"
      referencedColumns: ["id"]
    }
                  ]
                },"talent_profiles": {
                  Row: {
                    "bio": string | null,"city": string | null,"contacts_shared": boolean,"created_at": string,"date_of_birth": string | null,"discoverable": boolean,"embedded_at": string | null,"embedding": unknown,"erased_at": string | null,"gender": Database["public"]['Enums']["gender"],"guardian_consent_at": string | null,"guardian_email": string | null,"guardian_name": string | null,"guardian_phone": string | null,"height_cm": number | null,"id": string,"languages": (string)[],"playing_age_max": number,"playing_age_min": number,"search_text": string | null,"search_tsv": unknown,"skills": (string)[],"stage_name": string,"updated_at": string,"user_id": string | null,"visibility": Database["public"]['Enums']["profile_visibility"]
                  }
                  ComputedFields: never
                  Insert: {
                    "bio"?: string | null,"city"?: string | null,"contacts_shared"?: boolean,"created_at"?: string,"date_of_birth"?: string | null,"discoverable"?: boolean,"embedded_at"?: string | null,"embedding"?: unknown,"erased_at"?: string | null,"gender": Database["public"]['Enums']["gender"],"guardian_consent_at"?: string | null,"guardian_email"?: string | null,"guardian_name"?: string | null,"guardian_phone"?: string | null,"height_cm"?: number | null,"id"?: string,"languages"?: (string)[],"playing_age_max": number,"playing_age_min": number,"search_text"?: string | null,"search_tsv"?: never,"skills"?: (string)[],"stage_name": string,"updated_at"?: string,"user_id"?: string | null,"visibility"?: Database["public"]['Enums']["profile_visibility"]
                  }
                  Update: {
                    "bio"?: string | null,"city"?: string | null,"contacts_shared"?: boolean,"created_at"?: string,"date_of_birth"?: string | null,"discoverable"?: boolean,"embedded_at"?: string | null,"embedding"?: unknown,"erased_at"?: string | null,"gender"?: Database["public"]['Enums']["gender"],"guardian_consent_at"?: string | null,"guardian_email"?: string | null,"guardian_name"?: string | null,"guardian_phone"?: string | null,"height_cm"?: number | null,"id"?: string,"languages"?: (string)[],"playing_age_max"?: number,"playing_age_min"?: number,"search_text"?: string | null,"search_tsv"?: never,"skills"?: (string)[],"stage_name"?: string,"updated_at"?: string,"user_id"?: string | null,"visibility"?: Database["public"]['Enums']["profile_visibility"]
                  }
                  Relationships: [
                    
                  ]
                },"user_roles": {
                  Row: {
                    "granted_at": string,"granted_by": string | null,"id": string,"role": Database["public"]['Enums']["app_role"],"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "granted_at"?: string,"granted_by"?: string | null,"id"?: string,"role": Database["public"]['Enums']["app_role"],"user_id": string
                  }
                  Update: {
                    "granted_at"?: string,"granted_by"?: string | null,"id"?: string,"role"?: Database["public"]['Enums']["app_role"],"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"webhook_deliveries": {
                  Row: {
                    "attempts": number,"created_at": string,"delivered_at": string | null,"endpoint_id": string,"event": Database["public"]['Enums']["webhook_event"],"id": string,"last_error": string | null,"last_status": number | null,"locked_until": string | null,"message_id": string,"next_attempt_at": string | null,"payload": NonNullable<Json>,"project_id": string,"status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"created_at"?: string,"delivered_at"?: string | null,"endpoint_id": string,"event": Database["public"]['Enums']["webhook_event"],"id"?: string,"last_error"?: string | null,"last_status"?: number | null,"locked_until"?: string | null,"message_id": string,"next_attempt_at"?: string | null,"payload": NonNullable<Json>,"project_id": string,"status"?: string
                  }
                  Update: {
                    "attempts"?: number,"created_at"?: string,"delivered_at"?: string | null,"endpoint_id"?: string,"event"?: Database["public"]['Enums']["webhook_event"],"id"?: string,"last_error"?: string | null,"last_status"?: number | null,"locked_until"?: string | null,"message_id"?: string,"next_attempt_at"?: string | null,"payload"?: NonNullable<Json>,"project_id"?: string,"status"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_deliveries_endpoint_id_fkey"
      columns: ["endpoint_id"]
isOneToOne: false
      referencedRelation: "webhook_endpoints"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "webhook_deliveries_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_endpoints": {
                  Row: {
                    "created_at": string,"created_by": string | null,"description": string | null,"enabled": boolean,"events": (string)[],"id": string,"project_id": string,"updated_at": string,"url": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"description"?: string | null,"enabled"?: boolean,"events"?: (string)[],"id"?: string,"project_id": string,"updated_at"?: string,"url": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"description"?: string | null,"enabled"?: boolean,"events"?: (string)[],"id"?: string,"project_id"?: string,"updated_at"?: string,"url"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_endpoints_project_id_fkey"
      columns: ["project_id"]
isOneToOne: false
      referencedRelation: "projects"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Views: {
            "notice_translations_status": {
                  Row: {
                    "current_version": number,"language": string,"name": string,"purpose": Database["public"]['Enums']["consent_purpose"],"status": string | null,"translated_version": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                }
          }
          Functions: {
            "account_erasure_preview":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"answer_guardian_consent":
{ Args: { "evidence"?: Json,"give": boolean,"language"?: string,"purposes"?: (string)[],"token": string }; Returns: Json
                           },
"archived_casting_roles":
{ Args: Record<PropertyKey, never>; Returns: {
              "age_max": number | null,
"age_min": number | null,
"archived_at": string | null,
"archived_by": string | null,
"city": string | null,
"created_at": string,
"created_by": string | null,
"description": string | null,
"embedded_at": string | null,
"embedding": unknown,
"gender": Database["public"]['Enums']["gender"] | null,
"id": string,
"languages": (string)[],
"name": string,
"pay_paise": number | null,
"project_id": string,
"search_text": string | null,
"search_tsv": unknown,
"skills": (string)[],
"status": Database["public"]['Enums']["casting_role_status"],
"submission_deadline": string | null,
"updated_at": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "casting_roles"
        isOneToOne: false
        isSetofReturn: true
      } },
"archived_projects":
{ Args: Record<PropertyKey, never>; Returns: {
              "archived_at": string | null,
"archived_by": string | null,
"created_at": string,
"created_by": string | null,
"id": string,
"is_confidential": boolean,
"language": string | null,
"logline": string | null,
"platform": string | null,
"require_mfa": boolean,
"status": Database["public"]['Enums']["project_status"],
"title": string,
"updated_at": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "projects"
        isOneToOne: false
        isSetofReturn: true
      } },
"archived_shortlists":
{ Args: Record<PropertyKey, never>; Returns: {
              "archived_at": string | null,
"archived_by": string | null,
"casting_role_id": string,
"created_at": string,
"created_by": string | null,
"id": string,
"name": string,
"project_id": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "shortlists"
        isOneToOne: false
        isSetofReturn: true
      } },
"begin_account_erasure":
{ Args: { "confirm_token": string }; Returns: Json
                           },
"budget_status":
{ Args: Record<PropertyKey, never>; Returns: {
              "budgeted_paise": number,"committed_paise": number,"has_over_budget_offers": boolean,"offered_paise": number,"over_budget": boolean,"project_id": string,"remaining_paise": number,"title": string
            }[]
                           },
"claim_data_export":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"claim_embedding_jobs":
{ Args: { "batch_size"?: number,"lease_seconds"?: number }; Returns: {
              "attempts": number,"content": string,"search_source": string,"target_id": string,"target_table": string,"version": number
            }[]
                           },
"claim_notification_emails":
{ Args: { "batch_size"?: number,"lease_seconds"?: number }; Returns: {
              "body": string,"email": string,"id": string,"kind": string,"link_token": string,"title": string
            }[]
                           },
"claim_webhook_deliveries":
{ Args: { "batch_size"?: number,"lease_seconds"?: number }; Returns: {
              "attempts": number,"event": Database["public"]['Enums']["webhook_event"],"id": string,"message_id": string,"payload": Json,"secrets": (string)[],"url": string
            }[]
                           },
"complete_embedding_jobs":
{ Args: { "model": string,"results": Json }; Returns: number
                           },
"complete_notification_emails":
{ Args: { "ids": (string)[] }; Returns: number
                           },
"complete_webhook_deliveries":
{ Args: { "results": Json }; Returns: Json
                           },
"consent_notices_in":
{ Args: { "languages"?: (string)[] }; Returns: {
              "body": string,"language": string,"published_at": string,"purpose": Database["public"]['Enums']["consent_purpose"],"version": number
            }[]
                           },
"embedding_model":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"embedding_status":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"enqueue_embeddings":
{ Args: { "only_missing"?: boolean }; Returns: number
                           },
"export_my_data_part":
{ Args: { "after"?: string,"page_size"?: number,"part": string }; Returns: {
              "item": Json,"k": string
            }[]
                           },
"fail_embedding_jobs":
{ Args: { "error": string,"jobs": Json }; Returns: number
                           },
"finish_account_erasure":
{ Args: { "confirm_token": string }; Returns: Json
                           },
"guardian_consent_details":
{ Args: { "language"?: string,"token": string }; Returns: Json
                           },
"marketing_audience":
{ Args: Record<PropertyKey, never>; Returns: {
              "email": string,"given_at": string,"notice_version": number,"user_id": string
            }[]
                           },
"match_talent":
{ Args: { "casting_role_id": string,"fit_weight"?: number,"keyword_weight"?: number,"match_count"?: number,"semantic_weight"?: number }; Returns: Database["public"]['CompositeTypes']["talent_match"][]
                          SetofOptions: {
        from: "*"
        to: "talent_match"
        isOneToOne: false
        isSetofReturn: true
      } },
"project_access":
{ Args: { "project_id": string }; Returns: string
                           },
"release_notification_emails":
{ Args: { "error"?: string,"ids": (string)[] }; Returns: number
                           },
"replay_webhook_delivery":
{ Args: { "delivery_id": string }; Returns: {
              "attempts": number,
"created_at": string,
"delivered_at": string | null,
"endpoint_id": string,
"event": Database["public"]['Enums']["webhook_event"],
"id": string,
"last_error": string | null,
"last_status": number | null,
"locked_until": string | null,
"message_id": string,
"next_attempt_at": string | null,
"payload": NonNullable<Json>,
"project_id": string,
"status": string
            }
                          SetofOptions: {
        from: "*"
        to: "webhook_deliveries"
        isOneToOne: true
        isSetofReturn: false
      } },
"request_guardian_consent":
{ Args: { "language"?: string,"talent_id": string }; Returns: string
                           },
"reschedule_booking":
{ Args: { "booking_id": string,"new_slot_id": string }; Returns: string
                           },
"respond_to_offer":
{ Args: { "accept": boolean,"offer_id": string }; Returns: Database["public"]['Enums']["offer_status"]
                           },
"restore_casting_role":
{ Args: { "casting_role_id": string }; Returns: {
              "age_max": number | null,
"age_min": number | null,
"archived_at": string | null,
"archived_by": string | null,
"city": string | null,
"created_at": string,
"created_by": string | null,
"description": string | null,
"embedded_at": string | null,
"embedding": unknown,
"gender": Database["public"]['Enums']["gender"] | null,
"id": string,
"languages": (string)[],
"name": string,
"pay_paise": number | null,
"project_id": string,
"search_text": string | null,
"search_tsv": unknown,
"skills": (string)[],
"status": Database["public"]['Enums']["casting_role_status"],
"submission_deadline": string | null,
"updated_at": string
            }
                          SetofOptions: {
        from: "*"
        to: "casting_roles"
        isOneToOne: true
        isSetofReturn: false
      } },
"restore_project":
{ Args: { "project_id": string }; Returns: {
              "archived_at": string | null,
"archived_by": string | null,
"created_at": string,
"created_by": string | null,
"id": string,
"is_confidential": boolean,
"language": string | null,
"logline": string | null,
"platform": string | null,
"require_mfa": boolean,
"status": Database["public"]['Enums']["project_status"],
"title": string,
"updated_at": string
            }
                          SetofOptions: {
        from: "*"
        to: "projects"
        isOneToOne: true
        isSetofReturn: false
      } },
"restore_shortlist":
{ Args: { "shortlist_id": string }; Returns: {
              "archived_at": string | null,
"archived_by": string | null,
"casting_role_id": string,
"created_at": string,
"created_by": string | null,
"id": string,
"name": string,
"project_id": string
            }
                          SetofOptions: {
        from: "*"
        to: "shortlists"
        isOneToOne: true
        isSetofReturn: false
      } },
"rotate_webhook_secret":
{ Args: { "endpoint_id": string,"keep_previous_seconds"?: number }; Returns: string
                           },
"search_talent":
{ Args: { "after_id"?: string,"after_score"?: number,"age_max"?: number,"age_min"?: number,"city"?: string,"gender"?: Database["public"]['Enums']["gender"],"height_max"?: number,"height_min"?: number,"languages"?: (string)[],"match_count"?: number,"page"?: number,"query": string,"query_embedding"?: string,"query_model"?: string,"query_terms"?: string,"skills"?: (string)[],"understood"?: Json }; Returns: Database["public"]['CompositeTypes']["talent_match"][]
                          SetofOptions: {
        from: "*"
        to: "talent_match"
        isOneToOne: false
        isSetofReturn: true
      } },
"shared_shortlist":
{ Args: { "token": string }; Returns: Json
                           },
"shortlist_share_token":
{ Args: { "share_id": string }; Returns: string
                           },
"submit_to_role":
{ Args: { "casting_role_id": string,"cover_note"?: string,"idempotency_key"?: string,"media_ids"?: (string)[],"talent_id": string }; Returns: Json
                           },
"switch_embedding_model":
{ Args: { "model": string }; Returns: number
                           },
"talent_private_details":
{ Args: { "talent_id": string }; Returns: {
              "date_of_birth": string,"guardian_consent_at": string,"guardian_email": string,"guardian_name": string,"guardian_phone": string,"is_minor": boolean
            }[]
                           },
"webhook_endpoint_secret":
{ Args: { "endpoint_id": string }; Returns: string
                           }
          }
          Enums: {
            "agency_role": "owner"|"agent","app_role": "talent"|"agent"|"casting_director"|"producer"|"admin","booking_status": "booked"|"cancelled"|"attended"|"no_show","casting_role_status": "draft"|"open"|"closed","consent_purpose": "casting_visibility"|"contact_sharing"|"marketing_email","credit_medium": "film"|"series"|"short"|"ad"|"theatre"|"music_video"|"other","gender": "female"|"male"|"non_binary","media_kind": "headshot"|"reel"|"voice"|"self_tape","offer_status": "pending"|"accepted"|"declined"|"withdrawn","profile_visibility": "public"|"casting_only"|"private","project_role": "owner"|"casting_director"|"associate"|"producer"|"viewer","project_status": "draft"|"casting"|"in_production"|"wrapped"|"cancelled","representation_status": "pending"|"accepted"|"declined"|"ended","request_status": "pending"|"approved"|"rejected","self_tape_status": "requested"|"submitted"|"cancelled","submission_status": "submitted"|"viewed"|"shortlisted"|"audition_requested"|"self_tape_requested"|"callback"|"on_hold"|"offered"|"booked"|"rejected"|"withdrawn"|"released","webhook_event": "submission.status_changed"|"offer.made"|"offer.accepted"|"offer.declined"|"booking.made"|"booking.cancelled"|"role.opened"|"role.closed"
          }
          CompositeTypes: {
            "talent_match": {
                        "talent_id": string | null,"stage_name": string | null,"gender": Database["public"]['Enums']["gender"] | null,"playing_age_min": number | null,"playing_age_max": number | null,"height_cm": number | null,"city": string | null,"languages": (string)[] | null,"skills": (string)[] | null,"score": number | null,"explanation": Json | null
                      }
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "agency_role": ["owner", "agent"],"app_role": ["talent", "agent", "casting_director", "producer", "admin"],"booking_status": ["booked", "cancelled", "attended", "no_show"],"casting_role_status": ["draft", "open", "closed"],"consent_purpose": ["casting_visibility", "contact_sharing", "marketing_email"],"credit_medium": ["film", "series", "short", "ad", "theatre", "music_video", "other"],"gender": ["female", "male", "non_binary"],"media_kind": ["headshot", "reel", "voice", "self_tape"],"offer_status": ["pending", "accepted", "declined", "withdrawn"],"profile_visibility": ["public", "casting_only", "private"],"project_role": ["owner", "casting_director", "associate", "producer", "viewer"],"project_status": ["draft", "casting", "in_production", "wrapped", "cancelled"],"representation_status": ["pending", "accepted", "declined", "ended"],"request_status": ["pending", "approved", "rejected"],"self_tape_status": ["requested", "submitted", "cancelled"],"submission_status": ["submitted", "viewed", "shortlisted", "audition_requested", "self_tape_requested", "callback", "on_hold", "offered", "booked", "rejected", "withdrawn", "released"],"webhook_event": ["submission.status_changed", "offer.made", "offer.accepted", "offer.declined", "booking.made", "booking.cancelled", "role.opened", "role.closed"]
          }
        }
} as const
