package dev.kiln.gateway.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.kiln.apitokens.RegisteredToken;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The durable row of an API token (Panache active record). */
@Entity
@Table(name = "api_tokens")
public class ApiTokenRecord extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "user_id")
    public String userId;
    public String name;
    @Column(name = "token_hash")
    public String tokenHash;
    public String hint;
    /** Comma-separated, as in the registry. */
    public String roles;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    static List<ApiTokenRecord> liveOf(String userId) {
        return list("userId = ?1 and revokedAt is null order by createdAt desc, id desc", userId);
    }

    static Optional<ApiTokenRecord> liveOf(String userId, String id) {
        return find("id = ?1 and userId = ?2 and revokedAt is null", id, userId).firstResultOptional();
    }

    static Stream<ApiTokenRecord> allLive() {
        return stream("revokedAt is null");
    }

    RegisteredToken registered() {
        Set<String> roleSet = Arrays.stream(roles.split(",")).filter(role -> !role.isBlank())
                .collect(Collectors.toSet());
        return new RegisteredToken(id, userId, roleSet, lastUsedAt);
    }
}
