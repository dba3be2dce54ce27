using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Sqlite;

/// <summary>
/// Find customers by what was said in their notes: an FTS5 index over the text of the notes in
/// <c>timeline</c> (external content: the text is stored once, in timeline). Triggers keep it current
/// on insert, delete and every update of a note's text or kind (an erasure rewrites text), and the
/// notes written before are indexed here. The unicode61 tokenizer keeps diacritics, as PostgreSQL's
/// 'simple' configuration does, so both stores find the same words. Raw SQL only: the EF model does
/// not change. A later migration that rebuilds the timeline table (SQLite's way of altering a
/// column) drops these triggers and must create them again.
/// </summary>
[DbContext(typeof(SqliteCrmDbContext))]
[Migration("20261207071000_NoteSearch")]
public sealed class NoteSearch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE VIRTUAL TABLE timeline_note_words USING fts5(
                "Text", content='timeline', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');

            CREATE TRIGGER timeline_note_words_insert AFTER INSERT ON timeline WHEN new."Kind" = 'Note' BEGIN
                INSERT INTO timeline_note_words (rowid, "Text") VALUES (new."Id", new."Text");
            END;
            CREATE TRIGGER timeline_note_words_delete AFTER DELETE ON timeline WHEN old."Kind" = 'Note' BEGIN
                INSERT INTO timeline_note_words (timeline_note_words, rowid, "Text") VALUES ('delete', old."Id", old."Text");
            END;
            CREATE TRIGGER timeline_note_words_update AFTER UPDATE OF "Text", "Kind" ON timeline BEGIN
                INSERT INTO timeline_note_words (timeline_note_words, rowid, "Text") SELECT 'delete', old."Id", old."Text" WHERE old."Kind" = 'Note';
                INSERT INTO timeline_note_words (rowid, "Text") SELECT new."Id", new."Text" WHERE new."Kind" = 'Note';
            END;

            INSERT INTO timeline_note_words (rowid, "Text") SELECT "Id", "Text" FROM timeline WHERE "Kind" = 'Note';
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS timeline_note_words_update;
            DROP TRIGGER IF EXISTS timeline_note_words_delete;
            DROP TRIGGER IF EXISTS timeline_note_words_insert;
            DROP TABLE IF EXISTS timeline_note_words;
            """);
    }
}
