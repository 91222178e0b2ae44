-- POST /api/v1/responses (OpenAI's Responses API) records its generations under an api_type of its own.
ALTER TABLE generations DROP CONSTRAINT generations_api_type;
ALTER TABLE generations ADD CONSTRAINT generations_api_type
    CHECK (api_type IN ('chat', 'completions', 'messages', 'responses', 'embeddings'));

-- Input tokens written to the provider's prompt cache (Anthropic's cache_creation_input_tokens), billed at the
-- endpoint's cache-write price; beside tokens_cached (reads), so a generation's cost can be recomputed from its row.
-- Part of tokens_prompt, as tokens_cached is. A constant default: no rewrite of existing partitions.
ALTER TABLE generations ADD COLUMN tokens_cache_write INTEGER NOT NULL DEFAULT 0;
ALTER TABLE generations ADD CONSTRAINT generations_cache_write_non_negative CHECK (tokens_cache_write >= 0);
