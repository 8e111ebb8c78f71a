"""Create the whole schema: districts, people, programmes, postings, reports, audit.

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-25 22:41:34.420170
"""

from alembic import op
import sqlalchemy as sa


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('district',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('province', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district')),
    sa.UniqueConstraint('code', name=op.f('uq_district_code')),
    sa.UniqueConstraint('name', name=op.f('uq_district_name'))
    )
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('agreement_date', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('standard_term_months', sa.Integer(), nullable=False),
    sa.Column('report_cadence_months', sa.Integer(), nullable=False),
    sa.Column('team_leader', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_date > start_date', name=op.f('ck_programme_valid_window')),
    sa.CheckConstraint('report_cadence_months > 0', name=op.f('ck_programme_positive_cadence')),
    sa.CheckConstraint('standard_term_months > 0', name=op.f('ck_programme_positive_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('name', name=op.f('uq_programme_name'))
    )
    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_department_not_own_parent')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_department_district_id_district')),
    sa.ForeignKeyConstraint(['parent_id'], ['department.id'], name=op.f('fk_department_parent_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('district_id', 'name', name='uq_department_district_name'),
    sa.UniqueConstraint('id', 'district_id', name='uq_department_id_district')
    )
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_district_id'), ['district_id'], unique=False)

    op.create_table('programme_district',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_programme_district_district_id_district')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_district_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'district_id', name=op.f('pk_programme_district'))
    )
    op.create_table('quota',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('home_district_id', sa.Integer(), nullable=False),
    sa.Column('host_district_id', sa.Integer(), nullable=False),
    sa.Column('max_postings', sa.Integer(), nullable=False),
    sa.CheckConstraint('home_district_id <> host_district_id', name=op.f('ck_quota_crosses_districts')),
    sa.CheckConstraint('max_postings >= 0', name=op.f('ck_quota_non_negative')),
    sa.ForeignKeyConstraint(['home_district_id'], ['district.id'], name=op.f('fk_quota_home_district_id_district')),
    sa.ForeignKeyConstraint(['host_district_id'], ['district.id'], name=op.f('fk_quota_host_district_id_district')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_quota_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quota')),
    sa.UniqueConstraint('programme_id', 'home_district_id', 'host_district_id', name='uq_quota_direction')
    )
    op.create_table('term_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('min_initial_term_months', 'max_initial_term_months', 'max_total_extension_months', 'max_career_months', 'min_gap_days')", name=op.f('ck_term_rule_valid_kind')),
    sa.CheckConstraint('value >= 0', name=op.f('ck_term_rule_non_negative')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_term_rule_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term_rule')),
    sa.UniqueConstraint('programme_id', 'kind', name='uq_term_rule_kind')
    )
    op.create_table('cadre',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('name_pinyin', sa.String(length=160), nullable=False),
    sa.Column('name_initials', sa.String(length=40), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('home_department_id', sa.Integer(), nullable=False),
    sa.Column('home_position', sa.String(length=120), nullable=False),
    sa.Column('rank', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("gender IS NULL OR gender IN ('M', 'F')", name=op.f('ck_cadre_valid_gender')),
    sa.ForeignKeyConstraint(['home_department_id'], ['department.id'], name=op.f('fk_cadre_home_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadre'))
    )
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadre_home_department_id'), ['home_department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cadre_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_cadre_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_cadre_name_pinyin'), ['name_pinyin'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("role <> 'cadre' OR cadre_id IS NOT NULL", name=op.f('ck_user_account_cadre_has_cadre')),
    sa.CheckConstraint("role <> 'hr' OR district_id IS NOT NULL", name=op.f('ck_user_account_hr_has_district')),
    sa.CheckConstraint("role IN ('admin', 'hr', 'cadre', 'leader')", name=op.f('ck_user_account_valid_role')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_user_account_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_user_account_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('cadre_id', name=op.f('uq_user_account_cadre_id')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_district_id'), ['district_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('other_district_id', sa.Integer(), nullable=True),
    sa.Column('ip_address', sa.String(length=45), nullable=False),
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('summary', sa.String(length=255), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_audit_event_district_id_district')),
    sa.ForeignKeyConstraint(['other_district_id'], ['district.id'], name=op.f('fk_audit_event_other_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_district_id'), ['district_id'], unique=False)
        batch_op.create_index('ix_audit_event_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_other_district_id'), ['other_district_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('user_id', 'key', name='uq_notification_user_key')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_user_id'), ['user_id'], unique=False)

    op.create_table('posting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('home_district_id', sa.Integer(), nullable=False),
    sa.Column('home_department_id', sa.Integer(), nullable=False),
    sa.Column('home_position', sa.String(length=120), nullable=False),
    sa.Column('host_district_id', sa.Integer(), nullable=False),
    sa.Column('host_department_id', sa.Integer(), nullable=False),
    sa.Column('host_position', sa.String(length=120), nullable=False),
    sa.Column('portfolio', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('planned_end_date', sa.Date(), nullable=False),
    sa.Column('actual_end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'accepted', 'declined', 'active', 'completed', 'ended_early', 'cancelled')", name=op.f('ck_posting_valid_status')),
    sa.CheckConstraint('actual_end_date IS NULL OR actual_end_date >= start_date', name=op.f('ck_posting_valid_actual_end')),
    sa.CheckConstraint('host_district_id <> home_district_id', name=op.f('ck_posting_crosses_districts')),
    sa.CheckConstraint('planned_end_date > start_date', name=op.f('ck_posting_valid_term')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_posting_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_posting_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['home_department_id', 'home_district_id'], ['department.id', 'department.district_id'], name='fk_posting_home_department'),
    sa.ForeignKeyConstraint(['home_district_id'], ['district.id'], name=op.f('fk_posting_home_district_id_district')),
    sa.ForeignKeyConstraint(['host_department_id', 'host_district_id'], ['department.id', 'department.district_id'], name='fk_posting_host_department'),
    sa.ForeignKeyConstraint(['host_district_id'], ['district.id'], name=op.f('fk_posting_host_district_id_district')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_posting_programme_id_programme')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_posting_proposed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting'))
    )
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.create_index('ix_posting_cadre_status', ['cadre_id', 'status'], unique=False)
        batch_op.create_index('ix_posting_dates', ['start_date', 'planned_end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_posting_home_district_id'), ['home_district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posting_host_district_id'), ['host_district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posting_programme_id'), ['programme_id'], unique=False)

    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=24), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('evaluated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("grade IN ('excellent', 'competent', 'basically_competent', 'not_competent')", name=op.f('ck_evaluation_valid_grade')),
    sa.ForeignKeyConstraint(['evaluated_by_id'], ['user_account.id'], name=op.f('fk_evaluation_evaluated_by_id_user_account')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_evaluation_posting_id_posting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('posting_id', name=op.f('uq_evaluation_posting_id'))
    )
    op.create_table('extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('previous_planned_end_date', sa.Date(), nullable=False),
    sa.Column('new_planned_end_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('new_planned_end_date > previous_planned_end_date', name=op.f('ck_extension_moves_later')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_extension_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_extension_posting_id_posting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension'))
    )
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_posting_id'), ['posting_id'], unique=False)

    op.create_table('reflection_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('period_start_date', sa.Date(), nullable=True),
    sa.Column('period_end_date', sa.Date(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('monthly', 'reflection', 'final')", name=op.f('ck_reflection_log_valid_kind')),
    sa.CheckConstraint("status <> 'submitted' OR submitted_at IS NOT NULL", name=op.f('ck_reflection_log_submitted_has_time')),
    sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f('ck_reflection_log_valid_status')),
    sa.CheckConstraint('period_start_date IS NULL OR period_end_date IS NULL OR period_end_date >= period_start_date', name=op.f('ck_reflection_log_valid_period')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_reflection_log_author_id_user_account')),
    sa.ForeignKeyConstraint(['parent_id'], ['reflection_log.id'], name=op.f('fk_reflection_log_parent_id_reflection_log')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_reflection_log_posting_id_posting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_log'))
    )
    with op.batch_alter_table('reflection_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_log_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_reflection_log_posting_status', ['posting_id', 'status'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('comment', 'remark')", name=op.f('ck_comment_valid_kind')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_comment_author_id_user_account')),
    sa.ForeignKeyConstraint(['report_id'], ['reflection_log.id'], name=op.f('fk_comment_report_id_reflection_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_report_id'))

    op.drop_table('comment')
    with op.batch_alter_table('reflection_log', schema=None) as batch_op:
        batch_op.drop_index('ix_reflection_log_posting_status')
        batch_op.drop_index(batch_op.f('ix_reflection_log_author_id'))

    op.drop_table('reflection_log')
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_posting_id'))

    op.drop_table('extension')
    op.drop_table('evaluation')
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posting_programme_id'))
        batch_op.drop_index(batch_op.f('ix_posting_host_district_id'))
        batch_op.drop_index(batch_op.f('ix_posting_home_district_id'))
        batch_op.drop_index('ix_posting_dates')
        batch_op.drop_index('ix_posting_cadre_status')

    op.drop_table('posting')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_user_id'))

    op.drop_table('notification')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_other_district_id'))
        batch_op.drop_index('ix_audit_event_object')
        batch_op.drop_index(batch_op.f('ix_audit_event_district_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_district_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadre_name_pinyin'))
        batch_op.drop_index(batch_op.f('ix_cadre_name_initials'))
        batch_op.drop_index(batch_op.f('ix_cadre_name'))
        batch_op.drop_index(batch_op.f('ix_cadre_home_department_id'))

    op.drop_table('cadre')
    op.drop_table('term_rule')
    op.drop_table('quota')
    op.drop_table('programme_district')
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_district_id'))

    op.drop_table('department')
    op.drop_table('programme')
    op.drop_table('district')
