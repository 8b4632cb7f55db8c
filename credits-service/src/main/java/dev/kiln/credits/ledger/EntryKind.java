package dev.kiln.credits.ledger;

import jakarta.persistence.AttributeConverter;

/** The movements a ledger entry can record, stored under their lowercase names (see V1__ledger.sql). */
public enum EntryKind {
    /** Credits given to an account: the welcome grant, or an operator's grant. */
    GRANT,
    /** A prediction's cost moved from available to reserved. */
    RESERVE,
    /** A prediction's cost could not be reserved; nothing moved. */
    REJECT,
    /** A reservation was spent. */
    CONFIRM,
    /** A reservation or a confirmed charge went back to available. */
    REFUND;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static EntryKind ofColumn(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column implements AttributeConverter<EntryKind, String> {
        @Override
        public String convertToDatabaseColumn(EntryKind kind) {
            return kind == null ? null : kind.column();
        }

        @Override
        public EntryKind convertToEntityAttribute(String value) {
            return value == null ? null : ofColumn(value);
        }
    }
}
