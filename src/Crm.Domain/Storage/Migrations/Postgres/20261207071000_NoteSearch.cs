using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// Find customers by what was said in their notes. A GIN index on the words of each note
/// (<c>to_tsvector('simple', "Text")</c>, notes only) finds the notes holding a word; a b-tree on the
/// notes' time gives the newest first when a word is in many notes. The 'simple' configuration
/// lower-cases words and does nothing else: no stemming and no stop words, so a search finds the
/// words as they were written, in any language, names and product words included, as the embedded
/// store's FTS5 tokenizer does; the last word of a search is matched as a prefix instead.
/// <c>PostgresCustomerSearch</c> repeats the indexed expression and predicate exactly. Raw SQL only:
/// EF's model knows nothing of expression or partial indexes, and none of this changes it.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261207071000_NoteSearch")]
public sealed class NoteSearch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE INDEX ix_timeline_note_words ON timeline USING gin (to_tsvector('simple', "Text")) WHERE "Kind" = 'Note';
            CREATE INDEX ix_timeline_note_at ON timeline ("At" DESC, "Id" DESC) WHERE "Kind" = 'Note';
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP INDEX IF EXISTS ix_timeline_note_at;
            DROP INDEX IF EXISTS ix_timeline_note_words;
            """);
    }
}
