package dev.kiln.apitokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void aNewTokenIsKilnAndFortyLowerCaseBase32Characters() {
        String token = ApiTokens.generate();
        assertTrue(token.matches("kiln_[a-z2-7]{40}"), token);
        assertNotEquals(token, ApiTokens.generate());
    }

    @Test
    void theHashIsSha256InLowerCaseHex() {
        // sha256("abc"), the FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiTokens.hash("abc"));
    }

    @Test
    void onlyKilnPrefixedCredentialsAreTakenForApiTokens() {
        assertTrue(ApiTokens.looksLikeApiToken("kiln_abc"));
        assertFalse(ApiTokens.looksLikeApiToken("eyJhbGciOiJSUzI1NiJ9.e30.sig"));
        assertFalse(ApiTokens.looksLikeApiToken(null));
    }

    @Test
    void theHintShowsThePrefixAndFourCharactersOnly() {
        assertEquals("kiln_ab3x", ApiTokens.hint("kiln_ab3xyzyzyzyzyzyzyzyzyzyzyzyzyzyzyzyzyz"));
    }
}
