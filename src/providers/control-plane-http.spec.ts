import { describe, expect, it } from '@jest/globals';
import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { loadControlPlaneHttp } from './control-plane-http.js';

describe('the control plane HTTP client, loaded on first use', () => {
  it("is @nestjs/axios's HttpService over axios's default instance, as HttpModule provides it, and the same one every time", async () => {
    const http = await loadControlPlaneHttp();
    expect(http).toBeInstanceOf(HttpService);
    expect(http.axiosRef).toBe(axios);
    await expect(loadControlPlaneHttp()).resolves.toBe(http);
  });
});
