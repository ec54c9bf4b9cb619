-- Knowledge search candidates of one bot in one statement whose plan PostgreSQL keeps per
-- connection (PL/pgSQL caches the plans of its queries; a query text built per question was
-- planned on every call, which cost more than running it).
-- p_terms are folded search words (letters and digits only; the caller checks). The FAQs and
-- document chunks holding any of them (GIN), best ts_rank_cd first (FAQ question A = 1,
-- answer B = 0.4; chunk text 0.4), at most p_limit, each with:
--   r_version  the row version (xmin): a cached copy of the row's text is current while it matches;
--   r_len      distinct words of the row (length of its tsvector);
--   r_total    FAQs + chunks of the bot (N of the IDF);
--   r_mask     bit 3i: query word i (0-based) is in the row; 3i+1: in an FAQ question (A); 3i+2: in an FAQ answer (B).
CREATE OR REPLACE FUNCTION parley_knowledge_candidates(
  p_bot_id uuid,
  p_terms text[],
  p_limit integer
) RETURNS TABLE (r_kind text, r_id uuid, r_version text, r_cd real, r_len integer, r_total bigint, r_mask bigint)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
  any_term tsquery;
  plain tsquery[];
  in_a tsquery[];
  in_b tsquery[];
  total bigint;
BEGIN
  SELECT to_tsquery('simple', string_agg(quote_literal(u.t), ' | ' ORDER BY u.i)),
         array_agg(to_tsquery('simple', quote_literal(u.t)) ORDER BY u.i),
         array_agg(to_tsquery('simple', quote_literal(u.t) || ':A') ORDER BY u.i),
         array_agg(to_tsquery('simple', quote_literal(u.t) || ':B') ORDER BY u.i)
    INTO any_term, plain, in_a, in_b
    FROM unnest(p_terms) WITH ORDINALITY AS u(t, i)
   WHERE u.i <= 16;
  IF any_term IS NULL OR p_limit <= 0 THEN
    RETURN;
  END IF;
  total := (SELECT count(*) FROM faqs WHERE faqs.bot_id = p_bot_id)
         + (SELECT count(*) FROM document_chunks WHERE document_chunks.bot_id = p_bot_id);
  RETURN QUERY
    SELECT x.kind, x.id, x.version, x.cd, x.len, total, x.mask
      FROM (
        SELECT 'faq'::text AS kind, f.id, f.xmin::text AS version,
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', f.search, any_term) AS cd, length(f.search) AS len,
               (SELECT coalesce(sum((((f.search @@ plain[s])::integer
                                     + 2 * (f.search @@ in_a[s])::integer
                                     + 4 * (f.search @@ in_b[s])::integer)::bigint) << (3 * (s - 1))), 0)::bigint
                  FROM generate_subscripts(plain, 1) AS s) AS mask
          FROM faqs f
         WHERE f.bot_id = p_bot_id AND f.search @@ any_term
        UNION ALL
        SELECT 'chunk'::text, c.id, c.xmin::text,
               ts_rank_cd('{0.4, 0.4, 0.4, 0.4}', c.search, any_term), length(c.search),
               (SELECT coalesce(sum(((c.search @@ plain[s])::integer::bigint) << (3 * (s - 1))), 0)::bigint
                  FROM generate_subscripts(plain, 1) AS s)
          FROM document_chunks c
         WHERE c.bot_id = p_bot_id AND c.search @@ any_term
      ) AS x
     ORDER BY x.cd DESC, x.id
     LIMIT p_limit;
END
$$;
