using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Storage.Migrations.Postgres;

/// <summary>
/// The words of customer names, each once, with a trigram index; and an index from each word to the
/// customers whose name holds it. Fuzzy search of several words corrects each word against the
/// small word list first, then reads only the customers holding a candidate of every word, instead
/// of comparing the whole query with a million names. Kept current by statement triggers (one
/// insert per statement, so a bulk COPY costs one statement, not one per row). Hand-written because
/// EF has no notion of triggers or expression indexes.
/// </summary>
[DbContext(typeof(PostgresCrmDbContext))]
[Migration("20261126000200_CustomerNameWords")]
public sealed class CustomerNameWords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE customer_name_words (word text COLLATE "C" PRIMARY KEY);
            CREATE INDEX ix_customer_name_words_trgm ON customer_name_words USING gin (word gin_trgm_ops);
            CREATE INDEX ix_customers_name_words ON customers USING gin (string_to_array("NameKey", ' '));

            CREATE FUNCTION customer_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO customer_name_words (word)
                SELECT DISTINCT w FROM changed, unnest(string_to_array(changed."NameKey", ' ')) AS w WHERE length(w) >= 3
                ON CONFLICT DO NOTHING;
              RETURN NULL;
            END $$;
            CREATE TRIGGER customers_name_words_insert AFTER INSERT ON customers
              REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customer_name_words_add();
            CREATE TRIGGER customers_name_words_update AFTER UPDATE ON customers
              REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customer_name_words_add();

            INSERT INTO customer_name_words (word)
              SELECT DISTINCT w FROM customers, unnest(string_to_array("NameKey", ' ')) AS w WHERE length(w) >= 3
              ON CONFLICT DO NOTHING;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS customers_name_words_update ON customers;
            DROP TRIGGER IF EXISTS customers_name_words_insert ON customers;
            DROP FUNCTION IF EXISTS customer_name_words_add();
            DROP INDEX IF EXISTS ix_customers_name_words;
            DROP TABLE IF EXISTS customer_name_words;
            """);
    }
}
