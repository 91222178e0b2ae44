package dev.switchboard.gateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code GET /api/v1/models}: {@code {data:[…], links:{next:null}, total_count}}. {@code total_count}
 * counts the models matching the filter, before paging; the SDK pages with {@code offset} on its own.
 */
@JsonInclude(Include.ALWAYS)
public record ModelsListView(List<ModelView> data, Links links, @JsonProperty("total_count") int totalCount) {

    @JsonInclude(Include.ALWAYS)
    public record Links(String next) {
    }

    /** @param models the snapshot's models of one kind, e.g. {@code catalog.models(ModelKind.CHAT)} */
    public static ModelsListView from(List<CatalogModel> models, ModelsQuery query) {
        List<CatalogModel> matching = models.stream().filter(query::matches).toList();
        int from = Math.min(query.offset(), matching.size());
        int to = query.limit() == null ? matching.size() : (int) Math.min((long) from + query.limit(), matching.size());
        return new ModelsListView(matching.subList(from, to).stream().map(ModelView::from).toList(), new Links(null),
                matching.size());
    }
}
