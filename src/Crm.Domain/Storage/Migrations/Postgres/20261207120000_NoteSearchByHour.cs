using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// The words of notes indexed together with the hour each note was written in: one GIN index on
/// (the note's UTC hour since 1970, <c>to_tsvector('simple', "Text")</c>), notes only, replacing the
/// words-only index of <c>NoteSearch</c>. A search for the newest notes holding a word that is in many
/// notes then asks the index for "these words in these hours" and reads only the notes that hold them,
/// instead of reading every note of the newest hours to test its words; a search by words alone uses the
/// same index (GIN answers any subset of its columns). <c>btree_gin</c> gives GIN the integer column; it is
/// a trusted extension (PostgreSQL 13+), which the owner of the database may create, like <c>pg_trgm</c>.
/// The hour is computed from "At" with immutable functions only (<c>AT TIME ZONE 'UTC'</c> first), as an
/// index expression must be. <c>PostgresCustomerSearch</c> repeats the indexed expressions and predicate
/// exactly (<c>PostgresCustomerSearch.NoteHour</c>). The search chooses its way by the index's statistics (how common
/// each word is, how many notes each hour holds), which only ANALYZE gathers: the migration runs it rather than
/// leave the search blind until autovacuum next analyzes the table. Raw SQL only: EF's model knows nothing of expression
/// or partial indexes, and none of this changes it.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207120000_NoteSearchByHour")]
public sealed class NoteSearchByHour : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE EXTENSION IF NOT EXISTS btree_gin;
            CREATE INDEX ix_timeline_note_hour_words ON timeline
                USING gin ((floor(date_part('epoch', "At" AT TIME ZONE 'UTC') / 3600)::int), to_tsvector('simple', "Text"))
                WHERE "Kind" = 'Note';
            DROP INDEX IF EXISTS ix_timeline_note_words;
            ANALYZE timeline;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE INDEX ix_timeline_note_words ON timeline USING gin (to_tsvector('simple', "Text")) WHERE "Kind" = 'Note';
            DROP INDEX IF EXISTS ix_timeline_note_hour_words;
            """);
    }
}
